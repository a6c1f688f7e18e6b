import type { CallMedia, CallSignal, CallView, IceServers } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { ConversationCore } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Connection } from '../events/connection.js';
import type { Hub } from '../events/hub.js';
import { customerRecipient, parseRecipient, type Recipient, userRecipient } from '../events/recipient.js';
import { errors } from '../http/errors.js';
import { livechatStorage } from '../livechat/storage.js';
import { deviceStorage } from './device-storage.js';
import { type IceConfig, iceServers } from './ice.js';
import { type CallRow, callStorage, type EndReason, partyKey } from './storage.js';
import { callNote, callNoteBody } from './transcript.js';

/** How long a call rings before it counts as missed. */
export const RING_MS = 30_000;
/** How long a connected call waits for a party's device to reconnect (a network blip, a node going away). */
export const RECONNECT_GRACE_MS = 15_000;
/** A node's lease on its sockets, renewed every LEASE_RENEW_MS: a node silent longer counts as dead. */
export const NODE_LEASE_MS = 15_000;
const LEASE_RENEW_MS = 5_000;

/** Who sends a call frame: a colleague (from one of their sockets) or a live chat visitor. */
export type Party = { kind: 'user'; actor: Actor; device: string } | { kind: 'customer'; customerId: number; device: string };

interface Callee {
  userId: number | null;
  customerId: number | null;
  name: string;
  recipient: Recipient;
}

/**
 * Voice and video calls between two parties: a colleague and a colleague (direct chats) or the agent who took
 * a live chat and its visitor. The server keeps each call's state (ringing, connected, ended) and its two
 * devices, checks every frame against them and the permission vocabulary, relays the WebRTC signalling between
 * exactly those two devices, and leaves a transcript line in the conversation when the call ends.
 */
export class CallService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly hub: Hub,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    private readonly ice: IceConfig,
    /** This node, in `nodes` (services.ts). */
    readonly nodeId: string,
  ) {
    hub.onSocketOpened = (connection) => void this.socketOpened(connection).catch(() => undefined);
    hub.onSocketClosed = (connection) => void this.socketClosed(connection).catch(() => undefined);
  }

  /**
   * Places a call from this device. Busy and offline callees end the attempt at once (with its transcript
   * line). Busy is decided by claiming both parties in the transaction that stores the call (`call_parties`),
   * so of two calls starting at once to one person, or two people calling each other, exactly one rings.
   */
  async start(actor: Actor, device: string, conversationId: number, media: CallMedia, clientId: string): Promise<void> {
    await this.access.require(actor, 'conversation.call', conversationId);
    const callee = await this.calleeOf(actor, conversationId);
    const now = this.clock.now();
    // A socket of the callee on any node counts: this node's own just opened ones before their row is written.
    const online = this.hub.hasSockets(callee.recipient) || (await deviceStorage.reachable(this.db, now, { recipient: callee.recipient }));
    const base = { conversationId, media, callerId: actor.id, callerDevice: device, calleeUserId: callee.userId, calleeCustomerId: callee.customerId };
    const [callerKey, calleeKey] = [
      partyKey({ userId: actor.id }),
      partyKey(callee.userId !== null ? { userId: callee.userId } : { customerId: callee.customerId! }),
    ];
    await this.core.inTransaction(async (trx) => {
      const call = await callStorage.insert(trx, { ...base, now, ringUntil: now + RING_MS });
      const free = await callStorage.claim(trx, call.id, [callerKey, calleeKey]);
      // The caller's own call (placed or answered) refuses a second one, rolled back: nothing left behind. A call
      // ringing for them is different: they pressed call as it arrived (A calling B as B calls A); theirs is busy.
      if (!free.has(callerKey)) {
        const mine = await callStorage.holder(trx, callerKey);
        if (!mine || mine.state !== 'ringing' || mine.caller_id === actor.id) throw errors.callInProgress();
      }
      const endedAs: EndReason | undefined = !free.has(calleeKey) || !free.has(callerKey) ? 'busy' : online ? undefined : 'offline';
      if (endedAs) {
        const ended = (await callStorage.end(trx, call.id, endedAs, now))!;
        return { value: undefined, envelopes: await this.transcript(trx, ended, actor.name, callee.name, clientId) };
      }
      const envelopes: Envelope[] = [
        { to: userRecipient(actor.id), device, event: { type: 'call.state', call: view(call, 'outgoing', callee.name, callee.customerId !== null), clientId } },
        { to: callee.recipient, event: { type: 'call.state', call: view(call, 'incoming', actor.name, false) } },
      ];
      return { value: undefined, envelopes };
    });
  }

  /** Takes a ringing call on this device: the first device to accept wins, the callee's others stop ringing. */
  async accept(party: Party, callId: number): Promise<void> {
    const call = await this.callOf(party, callId, 'callee');
    if (call.state !== 'ringing') throw errors.callNotActive();
    await this.stillAllowed(call);
    const connected = await callStorage.accept(this.db, callId, party.device, this.clock.now());
    if (!connected) throw errors.callNotActive();
    const names = await this.names(connected);
    const callee = this.calleeRecipient(connected);
    this.hub.publish([
      {
        to: userRecipient(connected.caller_id),
        device: connected.caller_device,
        event: { type: 'call.state', call: view(connected, 'outgoing', names.callee, connected.callee_customer_id !== null) },
      },
      { to: callee, device: party.device, event: { type: 'call.state', call: view(connected, 'incoming', names.caller, false) } },
      { to: callee, exceptDevice: party.device, event: { type: 'call.answered_elsewhere', callId } },
    ]);
  }

  async decline(party: Party, callId: number): Promise<void> {
    const call = await this.callOf(party, callId, 'callee');
    if (call.state !== 'ringing') throw errors.callNotActive();
    await this.end(call, 'declined');
  }

  /** Either party ends the call; the caller hanging up while it rings cancels it, the callee declines it. */
  async hangup(party: Party, callId: number): Promise<void> {
    const call = await this.callOf(party, callId, 'either');
    if (call.state === 'ended') return;
    const caller = this.isCaller(party, call);
    if (call.state === 'ringing') return this.end(call, caller ? 'cancelled' : 'declined');
    await this.end(call, 'answered');
  }

  /** Relays offer, answer and ICE candidates, only between the two connected devices, checked every time. */
  async signal(party: Party, callId: number, signal: CallSignal): Promise<void> {
    const call = await this.callOf(party, callId, 'either');
    if (call.state !== 'connected') throw errors.callNotActive();
    const fromCaller = this.isCaller(party, call);
    if ((fromCaller ? call.caller_device : call.callee_device) !== party.device) throw errors.callNotActive();
    // A chat transferred, closed or no longer allowing calls ends the call, for both parties.
    await this.stillAllowed(call).catch(async (refusal: unknown) => {
      await this.end(call, 'answered');
      throw refusal;
    });
    const to = fromCaller ? this.calleeRecipient(call) : userRecipient(call.caller_id);
    const device = fromCaller ? call.callee_device! : call.caller_device;
    this.hub.publish([{ to, device, event: { type: 'call.signal', callId, signal } }]);
  }

  /** The STUN/TURN servers for a colleague. */
  async iceServersFor(actor: Actor): Promise<IceServers> {
    return iceServers(this.ice, this.clock.now(), `u${actor.id}`);
  }

  /** The same for a visitor, only while a call of theirs rings or runs: TURN is not a free relay for anyone with a token. */
  async iceServersForVisitor(customerId: number): Promise<IceServers> {
    if (!(await callStorage.liveOfCustomer(this.db, customerId))) throw errors.forbidden('No call of yours is being set up');
    return iceServers(this.ice, this.clock.now(), `c${customerId}`);
  }

  /** Takes this node's lease (before its first socket opens), and keeps it while it runs (`tick`). */
  async startNode(): Promise<void> {
    this.leaseRenewedAt = this.clock.now();
    const held = await deviceStorage.renewLease(this.db, this.nodeId, this.leaseRenewedAt + NODE_LEASE_MS);
    // Swept as dead while alive (paused longer than the lease): its sockets count again, from now on.
    if (!held) for (const connection of this.hub.all()) await this.socketOpened(connection);
  }
  private leaseRenewedAt = 0;

  /**
   * Every second: renews this node's lease; takes over from nodes that died (their devices count as gone,
   * unless they reconnected elsewhere); ends calls that rang past their time as missed, and connected calls
   * whose party did not come back within the grace.
   */
  async tick(): Promise<void> {
    const now = this.clock.now();
    if (now - this.leaseRenewedAt >= LEASE_RENEW_MS) await this.startNode();
    for (const device of await deviceStorage.sweepExpired(this.db, now, this.nodeId)) await this.deviceGone(device);
    await this.expireDue();
  }

  /** Ends the calls that rang past their time as missed, and those a party left for longer than the grace. */
  async expireDue(): Promise<void> {
    const now = this.clock.now();
    for (const call of await callStorage.dueRinging(this.db, now)) await this.end(call, 'missed');
    for (const call of await callStorage.awaySince(this.db, now - RECONNECT_GRACE_MS)) {
      // The talk ended when the party went away, not when the grace ran out.
      const left = Math.min(...[call.caller_away_since, call.callee_away_since].filter((t) => t !== null).map(Number));
      await this.end(call, 'answered', left);
    }
  }

  /**
   * Ends calls a stopped node left open: every open call when this is the only node (no REDIS_URL), since
   * their devices' sockets are gone. With several nodes each ends its own on a graceful stop (`endOnThisNode`),
   * and a node that died is swept by the others (`tick`).
   */
  async endLeftOpen(): Promise<void> {
    for (const call of await callStorage.allLive(this.db)) await this.end(call, call.state === 'connected' ? 'answered' : 'failed');
  }

  /** Before this node's sockets close on shutdown: its calls end with their transcript lines, its lease goes. */
  async endOnThisNode(): Promise<void> {
    const devices = this.hub.all().map((c) => c.device);
    for (const call of await callStorage.liveOfDevices(this.db, devices)) await this.end(call, call.state === 'connected' ? 'answered' : 'failed');
    await deviceStorage.leave(this.db, this.nodeId);
  }

  /**
   * A socket left. Unless its device still has another (a reconnect that overtook the old socket's close,
   * here or on another node), the device is gone: a call it placed that still rings is cancelled (a reload),
   * a connected call waits RECONNECT_GRACE_MS for it to come back; a callee's other devices keep ringing.
   */
  private async socketClosed(connection: Connection): Promise<void> {
    await deviceStorage.removeSocket(this.db, connection.id);
    if (this.hub.all().some((c) => c.device === connection.device)) return;
    if (await deviceStorage.reachable(this.db, this.clock.now(), { device: connection.device })) return;
    await this.deviceGone(connection.device);
  }

  private async deviceGone(device: string): Promise<void> {
    await callStorage.markAway(this.db, device, this.clock.now());
    for (const call of await callStorage.liveOfDevices(this.db, [device])) {
      if (call.state === 'ringing') await this.end(call, 'cancelled');
    }
  }

  /**
   * A socket joined: it counts for reachability on every node. The same device back within the grace
   * resumes its connected call (and hears so); a callee's device that (re)connects while their call rings rings too.
   */
  private async socketOpened(connection: Connection): Promise<void> {
    const { kind, id } = parseRecipient(connection.recipient);
    await deviceStorage.addSocket(this.db, { id: connection.id, nodeId: this.nodeId, recipient: connection.recipient, device: connection.device });
    for (const back of await callStorage.markBack(this.db, connection.device)) {
      const names = await this.names(back);
      const outgoing = back.caller_device === connection.device;
      const call = view(back, outgoing ? 'outgoing' : 'incoming', outgoing ? names.callee : names.caller, outgoing && back.callee_customer_id !== null);
      this.hub.publish([{ to: connection.recipient, device: connection.device, event: { type: 'call.state', call } }]);
    }
    const call = kind === 'user' ? await callStorage.liveOfUser(this.db, id) : await callStorage.liveOfCustomer(this.db, id);
    if (!call || call.state !== 'ringing' || call.caller_id === (kind === 'user' ? id : -1)) return;
    const names = await this.names(call);
    this.hub.publish([
      { to: connection.recipient, device: connection.device, event: { type: 'call.state', call: view(call, 'incoming', names.caller, false) } },
    ]);
  }

  private async end(call: CallRow, reason: EndReason, at = this.clock.now()): Promise<void> {
    await this.core.inTransaction(async (trx) => {
      const ended = await callStorage.end(trx, call.id, reason, at);
      if (!ended) return { value: undefined, envelopes: [] };
      const names = await this.names(ended, trx);
      return { value: undefined, envelopes: await this.transcript(trx, ended, names.caller, names.callee) };
    });
  }

  /** Posts the transcript line and answers the events telling both parties' devices the call ended. */
  private async transcript(trx: Db, call: CallRow, callerName: string, calleeName: string, clientId?: string): Promise<Envelope[]> {
    const note = callNote(call, callerName, calleeName);
    const posted = await this.core.post(trx, call.conversation_id, { author: 'system', note, body: callNoteBody(note), clientId: `call-${call.id}` });
    const callee = this.calleeRecipient(call);
    const ended: Envelope[] = [
      {
        to: userRecipient(call.caller_id),
        device: call.caller_device,
        event: { type: 'call.state', call: view(call, 'outgoing', calleeName, call.callee_customer_id !== null), ...(clientId ? { clientId } : {}) },
      },
      // While it rang, every device of the callee did: all of them stop.
      {
        to: callee,
        ...(call.callee_device ? { device: call.callee_device } : {}),
        event: { type: 'call.state', call: view(call, 'incoming', callerName, false) },
      },
    ];
    return [...(posted?.envelopes ?? []), ...ended];
  }

  /** Loads the call and checks the party is in it, as `role`; a stranger learns nothing (not found). */
  private async callOf(party: Party, callId: number, role: 'callee' | 'either'): Promise<CallRow> {
    const call = await callStorage.byId(this.db, callId);
    const isCallee = call && (party.kind === 'user' ? call.callee_user_id === party.actor.id : call.callee_customer_id === party.customerId);
    const isCaller = call && party.kind === 'user' && call.caller_id === party.actor.id;
    if (!call || !(isCallee || (role === 'either' && isCaller))) throw errors.notFound('Call');
    return call;
  }

  private isCaller(party: Party, call: CallRow): boolean {
    return party.kind === 'user' && call.caller_id === party.actor.id && party.device === call.caller_device;
  }

  /**
   * The permission is judged again on every frame after the call was placed: both colleagues still members; in a
   * live chat the caller still its owner, the chat still open and the widget still allowing calls. The call rule
   * does not depend on the actor's role, so the stored ids suffice.
   */
  private async stillAllowed(call: CallRow): Promise<void> {
    const parties = [call.caller_id, ...(call.callee_user_id !== null ? [call.callee_user_id] : [])];
    for (const id of parties) await this.access.require({ id, role: 'agent', name: '' }, 'conversation.call', call.conversation_id);
    if (call.callee_customer_id !== null) await this.assertWidgetAllowsCalls(call.conversation_id);
  }

  /** Whom a call in this conversation reaches: the other member of a direct chat, or the live chat's visitor. */
  private async calleeOf(actor: Actor, conversationId: number): Promise<Callee> {
    const conversation = await this.core.find(conversationId);
    if (!conversation) throw errors.notFound('Conversation');
    if (conversation.kind === 'group') throw errors.callsNotAllowed('group');
    if (conversation.kind === 'direct') {
      const other = (await this.core.activeMemberIds(this.db, conversationId)).find((id) => id !== actor.id);
      if (other === undefined) throw errors.notFound('Conversation');
      return { userId: other, customerId: null, name: (await this.core.userName(other)) ?? '', recipient: userRecipient(other) };
    }
    if (conversation.channel !== 'livechat' || conversation.customer_id === null) throw errors.callsNotAllowed('channel');
    await this.assertWidgetAllowsCalls(conversationId, conversation.account_id);
    return { userId: null, customerId: conversation.customer_id, name: conversation.title, recipient: customerRecipient(conversation.customer_id) };
  }

  private async assertWidgetAllowsCalls(conversationId: number, accountId?: number | null): Promise<void> {
    const account = accountId !== undefined ? accountId : ((await this.core.find(conversationId))?.account_id ?? null);
    const widget = account === null ? undefined : await livechatStorage.widgetById(this.db, account);
    if (!widget?.allowCalls) throw errors.callsNotAllowed('disabled');
  }

  private calleeRecipient(call: CallRow): Recipient {
    return call.callee_user_id !== null ? userRecipient(call.callee_user_id) : customerRecipient(call.callee_customer_id!);
  }

  private async names(call: CallRow, db: Db = this.db): Promise<{ caller: string; callee: string }> {
    const caller = (await this.core.userName(call.caller_id, db)) ?? '';
    if (call.callee_user_id !== null) return { caller, callee: (await this.core.userName(call.callee_user_id, db)) ?? '' };
    return { caller, callee: (await this.core.find(call.conversation_id, db))?.title ?? '' };
  }
}

function view(call: CallRow, direction: CallView['direction'], peerName: string, withVisitor: boolean): CallView {
  return {
    id: call.id,
    conversationId: call.conversation_id,
    media: call.media,
    state: call.state,
    direction,
    peerName,
    withVisitor,
    startedAt: Number(call.created_at),
    answeredAt: call.answered_at === null ? null : Number(call.answered_at),
    endReason: call.end_reason,
  };
}
