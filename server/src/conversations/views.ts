import type { Conversation } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { MemberRole } from '../db/schema.js';
import { prepared } from '../db/prepared.js';
import { lastMessages } from './messages.js';
import { offeredIds } from './offers.js';
import { capabilitiesFor, replyWindowClosesAt } from '../channels/capabilities.js';

/** The business number a phone channel account shows agents ('' for others or when not set); `settings` parsed. */
function addressOf(settings: unknown): string {
  const number = (settings as { displayPhoneNumber?: unknown } | null)?.displayPhoneNumber;
  return typeof number === 'string' ? number : '';
}

/** The conversations as one viewer sees them (their role, unread count, archive), most recent activity first. */
export async function views(db: Db, viewerId: number, conversationIds: number[]): Promise<Conversation[]> {
  const parts = await viewParts(db, conversationIds, [viewerId]);
  return parts.rows.map((row) => {
    const same = shared(row, parts);
    return {
      ...same.view,
      ...forViewer(
        same,
        parts,
        viewerId,
        same.members.find((m) => m.id === viewerId),
      ),
    };
  });
}

/**
 * One conversation as each of these colleagues sees it, in a fixed number of queries however many they are.
 * Colleagues who see it alike get the same object (the agents a chat is offered to, say), so a caller can
 * write it once for all of them.
 */
export async function viewsFor(db: Db, conversationId: number, viewerIds: number[]): Promise<Map<number, Conversation>> {
  const parts = await viewParts(db, [conversationId], viewerIds);
  const row = parts.rows[0];
  return row ? viewsOf(parts, row, viewerIds) : new Map();
}

export interface MemberViews {
  roles: Map<number, MemberRole>;
  views: Map<number, Conversation>;
}

/**
 * Each conversation as each of its members (former ones too) sees it, and their roles: `viewsFor` for all of
 * them without reading who they are first (the member rows a view shows are the ones asked for), for several
 * conversations in the same number of queries as for one; by conversation.
 */
export async function viewsForMembersOf(db: Db, conversationIds: readonly number[]): Promise<Map<number, MemberViews>> {
  const parts = await viewParts(db, [...conversationIds], 'members');
  const rows = new Map(parts.rows.map((row) => [row.id, row]));
  return new Map(
    conversationIds.map((conversationId) => {
      const roles = new Map([...(parts.membersOf.get(conversationId) ?? [])].sort((a, b) => a.id - b.id).map((m) => [m.id, m.role] as const));
      const row = rows.get(conversationId);
      return [conversationId, { roles, views: row ? viewsOf(parts, row, [...roles.keys()]) : new Map() }];
    }),
  );
}

function viewsOf(parts: ViewParts, row: ViewParts['rows'][number], viewerIds: number[]): Map<number, Conversation> {
  // What all of them see alike is made once: fifty agents offered a chat used to parse its account's settings 200 times.
  const same = shared(row, parts);
  const mine = new Map(same.members.map((m) => [m.id, m]));
  const alike = new Map<string, Conversation>();
  return new Map(
    viewerIds.map((id) => {
      const own = forViewer(same, parts, id, mine.get(id));
      // Only these depend on the viewer: a view is made once for all who see it alike.
      const key = `${own.myRole}:${own.archived}:${own.unread}`;
      const one = alike.get(key) ?? { ...same.view, ...own };
      alike.set(key, one);
      return [id, one];
    }),
  );
}

type ViewParts = Awaited<ReturnType<typeof viewParts>>;

/** The conversations' rows with their owner, queue, customer and account. */
const conversationRows = prepared((db: Db, ids: number[]) =>
  db
    .selectFrom('conversations')
    .leftJoin('users as owner', 'owner.id', 'conversations.owner_id')
    .leftJoin('queues', 'queues.id', 'conversations.queue_id')
    .leftJoin('customers', 'customers.id', 'conversations.customer_id')
    .leftJoin('channel_accounts as account', 'account.id', 'conversations.account_id')
    .select((eb) => [
      'conversations.id',
      'conversations.kind',
      'conversations.title',
      'conversations.created_by',
      'conversations.last_activity_at',
      'conversations.channel',
      'conversations.state',
      'conversations.owner_id',
      'conversations.offered_to',
      'owner.name as owner_name',
      'queues.id as queue_id',
      'queues.number as queue_number',
      'queues.name as queue_name',
      'customers.id as customer_id',
      'customers.channel as customer_channel',
      'customers.name as customer_name',
      'customers.email as customer_email',
      'customers.phone as customer_phone',
      'customers.language as customer_language',
      'account.id as account_id',
      'account.type as account_type',
      'account.name as account_name',
      'account.settings as account_settings',
      // The customer's identities on this account (a person may be known by two ids there): their IP,
      // whether they are blocked (by number or by IP), and their last message (WhatsApp's reply window).
      eb
        .selectFrom('customer_identities as ci')
        .select((s) => s.fn.max('ci.ip').as('ip'))
        .whereRef('ci.customer_id', '=', 'conversations.customer_id')
        .whereRef('ci.account_id', '=', 'conversations.account_id')
        .as('customer_ip'),
      eb
        .selectFrom('customer_identities as ci')
        .select((s) => s.fn.max('ci.last_inbound_at').as('t'))
        .whereRef('ci.customer_id', '=', 'conversations.customer_id')
        .whereRef('ci.account_id', '=', 'conversations.account_id')
        .as('last_inbound_at'),
      eb
        .exists(
          eb
            .selectFrom('customer_identities as ci')
            .select('ci.id')
            .whereRef('ci.customer_id', '=', 'conversations.customer_id')
            .whereRef('ci.account_id', '=', 'conversations.account_id')
            .where((w) => w.or([w('ci.blocked', '=', 1), w.exists(w.selectFrom('ip_blocks').select('ip_blocks.id').whereRef('ip_blocks.ip', '=', 'ci.ip'))])),
        )
        .as('customer_blocked'),
      eb
        .selectFrom('messages')
        .select((m) => m.fn.max('messages.id').as('id'))
        .whereRef('messages.conversation_id', '=', 'conversations.id')
        .as('last_message_id'),
      // What the agents it is offered to have not read: all of it (they have no read marker of their own).
      eb
        .case()
        .when('conversations.offered_to', 'is not', null)
        .then(
          eb
            .selectFrom('messages')
            .select((m) => m.fn.countAll<number>().as('n'))
            .whereRef('messages.conversation_id', '=', 'conversations.id')
            .where('messages.author', '!=', 'system'),
        )
        .else(0)
        .end()
        .as('unread_when_offered'),
    ])
    .where('conversations.id', 'in', ids)
    .orderBy('conversations.last_activity_at', 'desc')
    .orderBy('conversations.id', 'desc'),
);

const memberRows = prepared((db: Db, ids: number[]) =>
  db
    .selectFrom('conversation_members')
    .innerJoin('users', 'users.id', 'conversation_members.user_id')
    .select([
      'conversation_members.conversation_id',
      'users.id',
      'users.name',
      'users.extension',
      'conversation_members.last_read_message_id',
      'conversation_members.role',
      'conversation_members.archived',
    ])
    .where('conversation_members.conversation_id', 'in', ids)
    .orderBy('users.name'),
);

const unreadRows = prepared((db: Db, ids: number[], viewers: number[]) =>
  db
    .selectFrom('conversation_members as cm')
    .innerJoin('messages as m', (join) =>
      join
        .onRef('m.conversation_id', '=', 'cm.conversation_id')
        .onRef('m.id', '>', 'cm.last_read_message_id')
        .on('m.author', '!=', 'system')
        .on((eb) => eb.or([eb('m.sender_id', 'is', null), eb('m.sender_id', '!=', eb.ref('cm.user_id'))])),
    )
    .select((eb) => ['cm.conversation_id', 'cm.user_id', eb.fn.count<number>('m.id').as('n')])
    .where('cm.conversation_id', 'in', ids)
    .where('cm.user_id', 'in', viewers)
    .groupBy(['cm.conversation_id', 'cm.user_id']),
);

type MemberRow = Awaited<ReturnType<typeof memberRows>>[number];

/**
 * The member rows with the agents each chat is offered to (conversations/offers.ts), as `offered` over a row of
 * their own. Their names are not read: a customer chat's member list leaves out the agents it is offered to.
 */
function withOffers(
  rows: readonly { id: number; offered_to: string | null }[],
  members: MemberRow[],
): { members: MemberRow[]; unmarked: [conversationId: number, key: string][] } {
  const offers = rows.filter((r) => r.offered_to !== null);
  if (offers.length === 0) return { members, unmarked: [] };
  const offered = new Set(offers.flatMap((r) => offeredIds(r.offered_to).map((id) => `${r.id}:${id}`)));
  const own = new Set<string>();
  const all = members.map((m) => {
    const key = `${m.conversation_id}:${m.id}`;
    if (!offered.has(key)) return m;
    own.add(key);
    return { ...m, role: 'offered' as const, archived: 0 };
  });
  const unmarked: [number, string][] = [];
  for (const row of offers)
    for (const id of offeredIds(row.offered_to)) {
      const key = `${row.id}:${id}`;
      if (own.has(key)) continue;
      unmarked.push([row.id, key]);
      all.push({ conversation_id: row.id, id, name: '', extension: '', last_read_message_id: 0, role: 'offered', archived: 0 });
    }
  return { members: all, unmarked };
}

/** `viewerIds`: whose unread counts to read; 'members': every member's of the (one) conversation. */
async function viewParts(db: Db, conversationIds: number[], viewerIds: number[] | 'members') {
  const ids = conversationIds.length ? conversationIds : [0];
  const rows = await conversationRows(db, ids);
  const { members, unmarked } = withOffers(rows, await memberRows(db, ids));
  const asked = viewerIds === 'members' ? [...new Set(members.map((m) => m.id))] : viewerIds;
  const viewers = asked.length ? asked : [0];
  const unread = await unreadRows(db, ids, viewers);
  const last = await lastMessages(
    db,
    rows
      .map((r) => r.last_message_id)
      .filter((id): id is number => id !== null)
      .map(Number),
  );
  // Keyed once: a batch of offers asks for every member's count of every chat (fifty chats, fifty agents each).
  const unreadOf = new Map(unread.map((u) => [`${u.conversation_id}:${u.user_id}`, Number(u.n)]));
  // An agent a chat is offered to without a row of their own has read none of it.
  const unreadWhenOffered = new Map(rows.map((r) => [r.id, Number(r.unread_when_offered)]));
  for (const [conversationId, key] of unmarked) unreadOf.set(key, unreadWhenOffered.get(conversationId) ?? 0);
  const membersOf = new Map<number, typeof members>();
  for (const m of members) {
    const list = membersOf.get(m.conversation_id);
    if (list) list.push(m);
    else membersOf.set(m.conversation_id, [m]);
  }
  return { rows, members, membersOf, unreadOf, last };
}

type ViewerFields = 'unread' | 'myRole' | 'archived';
type Shared = { view: Omit<Conversation, ViewerFields>; members: ViewParts['members'] };

/** The conversation as every viewer sees it alike, with its member rows (each viewer's own role is among them). */
function shared(c: ViewParts['rows'][number], parts: ViewParts): Shared {
  const members = parts.membersOf.get(c.id) ?? [];
  const settings = c.account_settings ? (JSON.parse(c.account_settings) as unknown) : null;
  const view = {
    id: c.id,
    kind: c.kind,
    title: c.customer_name ?? c.title,
    lastActivityAt: c.last_activity_at,
    lastMessage: c.last_message_id === null ? null : (parts.last.get(Number(c.last_message_id)) ?? null),
    members: members
      // A waiting customer chat is offered to many colleagues at once (ring all: a whole queue); each sees who
      // has it, not who else is offered it: with 50 agents the list made every offer's event 50 times larger.
      .filter((m) => m.role !== 'former' && (c.kind !== 'external' || m.role !== 'offered'))
      .map((m) => ({ id: m.id, name: m.name, extension: m.extension, lastReadMessageId: m.last_read_message_id })),
    channel: c.channel,
    state: c.state,
    owner: c.owner_id !== null && c.owner_name ? { id: c.owner_id, name: c.owner_name } : null,
    queue: c.queue_id !== null && c.queue_number !== null && c.queue_name !== null ? { id: c.queue_id, number: c.queue_number, name: c.queue_name } : null,
    customer:
      c.customer_id !== null && c.customer_channel !== null
        ? {
            id: c.customer_id,
            channel: c.customer_channel,
            name: c.customer_name ?? '',
            email: c.customer_email ?? '',
            phone: c.customer_phone ?? '',
            language: c.customer_language ?? '',
            ip: c.customer_ip ?? '',
            blocked: Boolean(c.customer_blocked),
          }
        : null,
    account:
      c.account_id !== null && c.account_type !== null
        ? { id: c.account_id, type: c.account_type, name: c.account_name ?? '', address: addressOf(settings) }
        : null,
    // The account's own window: a Messenger page with HUMAN_AGENT may answer for 7 days, not 24 hours.
    capabilities: c.channel ? capabilitiesFor(c.channel, settings) : null,
    replyWindowClosesAt: c.channel ? replyWindowClosesAt(c.channel, c.last_inbound_at === null ? null : Number(c.last_inbound_at), settings) : null,
    createdBy: c.created_by,
  };
  return { view, members };
}

/** What of a view depends on its viewer; `me`: their member row, if they have one. */
function forViewer({ view }: Shared, parts: ViewParts, viewerId: number, me: ViewParts['members'][number] | undefined): Pick<Conversation, ViewerFields> {
  const unread = me ? (parts.unreadOf.get(`${view.id}:${viewerId}`) ?? 0) : 0;
  return { unread, myRole: me?.role ?? 'supervisor', archived: me?.archived === 1 };
}
