import type { Conversation, DurableEvent } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { MemberRole } from '../db/schema.js';
import type { Envelope } from '../events/bus.js';
import { liveEnvelopes } from '../events/live.js';
import { appendCustomerEvent, appendEvent, appendEvents, type EventAppend } from '../events/storage.js';
import { memberStorage } from './members.js';
import { conversationStorage } from './storage.js';
import { type MemberViews, viewsForMembersOf } from './views.js';

export type RemovalReason = 'taken' | 'transferred' | 'offer_moved' | 'deleted' | 'removed_from_group' | 'left';

export type MembersSnapshot = Map<number, MemberRole>;

export async function snapshotMembers(trx: Db, conversationId: number): Promise<MembersSnapshot> {
  return new Map((await memberStorage.members(trx, conversationId)).map((m) => [m.user_id, m.role]));
}

/** `snapshotMembers` of several conversations in one statement, by conversation. */
export async function snapshotMembersOf(trx: Db, conversationIds: readonly number[]): Promise<Map<number, MembersSnapshot>> {
  if (conversationIds.length === 0) return new Map();
  if (conversationIds.length === 1) return new Map([[conversationIds[0]!, await snapshotMembers(trx, conversationIds[0]!)]]);
  const snapshots = new Map<number, MembersSnapshot>(conversationIds.map((id) => [id, new Map()]));
  for (const m of await memberStorage.membersOfAll(trx, conversationIds)) snapshots.get(Number(m.conversation_id))?.set(m.user_id, m.role);
  return snapshots;
}

/**
 * Whether a colleague in this role, before and after a change, hears of the chat live only (events/live.ts):
 * no role or `offered`. What they are offered is state their client reads again on every reconnect.
 */
export const offerOnly = (role: MemberRole | undefined): boolean => role === undefined || role === 'offered';

/** Who gets an event of a conversation in their stream, and who live only (`offerOnly`). */
export function audienceOf(members: readonly { userId: number; role: MemberRole }[]): { streamed: number[]; live: number[] } {
  const live = members.filter((m) => offerOnly(m.role));
  return { streamed: members.filter((m) => !offerOnly(m.role)).map((m) => m.userId), live: live.map((m) => m.userId) };
}

/** A change of who sees a conversation, as `publishChanges` tells it. */
export interface MembershipChange {
  conversationId: number;
  /** Who saw it, in which role, before the change (`snapshotMembers`). */
  before: MembersSnapshot;
  removal: { reason: RemovalReason; byName: string | null };
  notifyCustomer: boolean;
}

/**
 * Writes the events that follow a change of who sees a conversation: `conversation.created` to those
 * who see it now and did not, `conversation.removed` to those who no longer do, `conversation.updated`
 * to the rest, and the customer's `chat.state` when `notifyCustomer` is set. Colleagues who are only
 * offered it (before and after) get theirs live, not stored (events/live.ts).
 */
export async function publishChange(
  trx: Db,
  conversationId: number,
  before: MembersSnapshot,
  removal: { reason: RemovalReason; byName: string | null },
  now: number,
  notifyCustomer: boolean,
): Promise<Envelope[]> {
  return publishChanges(trx, [{ conversationId, before, removal, notifyCustomer }], now);
}

/** `publishChange` for several conversations (a batch of arrivals offered at once): their views read together, one append. */
export async function publishChanges(trx: Db, changes: readonly MembershipChange[], now: number): Promise<Envelope[]> {
  if (changes.length === 0) return [];
  const viewsOf = await viewsForMembersOf(
    trx,
    changes.map((c) => c.conversationId),
  );
  const told = changes.map((change) => tellChange(change, viewsOf.get(change.conversationId)!));
  const appended = await appendEvents(
    trx,
    told.flatMap((t) => t.appends),
    now,
  );
  const envelopes: Envelope[] = [];
  for (const [i, t] of told.entries()) {
    envelopes.push(...appended[2 * i]!, ...appended[2 * i + 1]!, ...t.live);
    if (!changes[i]!.notifyCustomer) continue;
    const conversationId = changes[i]!.conversationId;
    const chat = chatState(viewsOf.get(conversationId)!.views.values().next().value) ?? (await chatStateOf(trx, conversationId));
    if (chat) envelopes.push(await appendCustomerEvent(trx, chat.customerId, { type: 'chat.state', state: chat.state, agentName: chat.agentName }, now));
  }
  return envelopes;
}

/** One change's events: two appends (who see it, who no longer do) and the live envelopes of those only offered it. */
function tellChange({ conversationId, before, removal }: MembershipChange, { roles: after, views }: MemberViews): { appends: EventAppend[]; live: Envelope[] } {
  // Colleagues only offered the chat, before and after, hear of it live (events/live.ts); the rest in their streams.
  const live = (id: number) => offerOnly(before.get(id)) && offerOnly(after.get(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const present = [...after.keys()];
  // Colleagues who see it alike share one event object, which is serialised once. One append for those who see
  // it and those who no longer do: their counters are locked in one statement, in id order.
  const events = new Map<string, DurableEvent>();
  const eventFor = (userId: number): DurableEvent => {
    const conversation = views.get(userId)!;
    const type = before.has(userId) ? 'conversation.updated' : 'conversation.created';
    const key = `${type}:${conversation.myRole}:${conversation.archived}:${conversation.unread}`;
    const event = events.get(key) ?? { type, conversation };
    events.set(key, event);
    return event;
  };
  const removedEvent: DurableEvent = { type: 'conversation.removed', conversationId, reason: removal.reason, byName: removal.byName };
  const appends = [
    { userIds: present.filter((id) => !live(id)), event: eventFor },
    { userIds: removed.filter((id) => !live(id)), event: removedEvent },
  ];
  const envelopes = liveEnvelopes(removed.filter(live), removedEvent);
  const liveByEvent = new Map<DurableEvent, number[]>();
  for (const id of present.filter(live)) {
    const event = eventFor(id);
    const ids = liveByEvent.get(event);
    if (ids) ids.push(id);
    else liveByEvent.set(event, [id]);
  }
  for (const [event, ids] of liveByEvent) envelopes.push(...liveEnvelopes(ids, event));
  return { appends, live: envelopes };
}

/**
 * An event for every colleague who sees the conversation: in the streams of those who have it, live to the
 * agents it is only offered to (events/live.ts).
 */
export async function publishToMembers(trx: Db, conversationId: number, event: DurableEvent, now: number): Promise<Envelope[]> {
  const { streamed, live } = audienceOf((await memberStorage.activeMembersOf(trx, [conversationId])).get(conversationId)!);
  return [...(await appendEvent(trx, streamed, event, now)), ...liveEnvelopes(live, event)];
}

type ChatState = { customerId: number; state: NonNullable<Conversation['state']>; agentName: string | null };

/** What the customer is told of their chat, from a view of it (which has its state, owner and customer). */
function chatState(view: Conversation | undefined): ChatState | undefined {
  if (!view?.customer || !view.state) return undefined;
  return { customerId: view.customer.id, state: view.state, agentName: view.state === 'owned' ? (view.owner?.name ?? null) : null };
}

/** The same, read, when nobody is left to have a view of the chat. */
async function chatStateOf(trx: Db, conversationId: number): Promise<ChatState | undefined> {
  const conversation = await conversationStorage.find(trx, conversationId);
  if (!conversation?.customer_id || !conversation.state) return undefined;
  const owner = conversation.owner_id !== null && conversation.state === 'owned' ? await conversationStorage.userName(trx, conversation.owner_id) : null;
  return { customerId: conversation.customer_id, state: conversation.state, agentName: owner ?? null };
}
