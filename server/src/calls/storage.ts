import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { CallsTable } from '../db/schema.js';

export type CallRow = Selectable<CallsTable>;
export type EndReason = NonNullable<CallsTable['end_reason']>;

export interface NewCall {
  conversationId: number;
  media: CallsTable['media'];
  callerId: number;
  callerDevice: string;
  calleeUserId: number | null;
  calleeCustomerId: number | null;
  now: number;
  ringUntil: number;
}

/** A person's key in `call_parties`: a colleague or a live chat visitor. */
export const partyKey = (who: { userId: number } | { customerId: number }): string => ('userId' in who ? `u${who.userId}` : `c${who.customerId}`);

/** The only code that writes `calls` and `call_parties`. Changes of state are conditional updates, so of two at once one wins. */
export const callStorage = {
  insert: (db: Db, c: NewCall): Promise<CallRow> =>
    db
      .insertInto('calls')
      .values({
        conversation_id: c.conversationId,
        media: c.media,
        state: 'ringing',
        caller_id: c.callerId,
        caller_device: c.callerDevice,
        callee_user_id: c.calleeUserId,
        callee_customer_id: c.calleeCustomerId,
        end_reason: null,
        created_at: c.now,
        ring_until: c.ringUntil,
        ended_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),

  byId: (db: Db, id: number): Promise<CallRow | undefined> => db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst(),

  /** A colleague's call that is ringing or connected, as caller or callee (they are busy then). */
  liveOfUser: (db: Db, userId: number): Promise<CallRow | undefined> =>
    db
      .selectFrom('calls')
      .selectAll()
      .where('state', '!=', 'ended')
      .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_user_id', '=', userId)]))
      .executeTakeFirst(),

  liveOfCustomer: (db: Db, customerId: number): Promise<CallRow | undefined> =>
    db.selectFrom('calls').selectAll().where('state', '!=', 'ended').where('callee_customer_id', '=', customerId).executeTakeFirst(),

  /** Ringing → connected on this device, unless another device (or a hang-up) came first. */
  async accept(db: Db, id: number, device: string, now: number): Promise<CallRow | undefined> {
    return db
      .updateTable('calls')
      .set({ state: 'connected', callee_device: device, answered_at: now })
      .where('id', '=', id)
      .where('state', '=', 'ringing')
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * Claims these parties (`partyKey`) for a call, in one order whatever the caller's (so two transactions
   * claiming the same two people wait for each other instead of deadlocking); answers the ones that were
   * free. A party in another live call stays that call's: the insert of a taken key does nothing.
   */
  async claim(trx: Db, callId: number, parties: string[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const party of [...parties].sort()) {
      const row = await trx
        .insertInto('call_parties')
        .values({ party, call_id: callId })
        .onConflict((oc) => oc.column('party').doNothing())
        .returning('party')
        .executeTakeFirst();
      if (row) claimed.add(party);
    }
    return claimed;
  },

  /** The live call a party is in, or undefined. */
  holder: (db: Db, party: string): Promise<CallRow | undefined> =>
    db.selectFrom('call_parties as p').innerJoin('calls as c', 'c.id', 'p.call_id').selectAll('c').where('p.party', '=', party).executeTakeFirst(),

  /**
   * Ends a call that is not yet ended and frees its parties; undefined when it already was (the other
   * party's hang-up won). Run in a transaction: the two statements stand or fall together.
   */
  async end(trx: Db, id: number, reason: EndReason, now: number): Promise<CallRow | undefined> {
    const ended = await trx
      .updateTable('calls')
      .set({ state: 'ended', end_reason: reason, ended_at: now })
      .where('id', '=', id)
      .where('state', '!=', 'ended')
      .returningAll()
      .executeTakeFirst();
    if (ended) await trx.deleteFrom('call_parties').where('call_id', '=', id).execute();
    return ended;
  },

  /** A party's device lost its last socket in a connected call: its reconnect grace starts (unless it already runs). */
  async markAway(db: Db, device: string, now: number): Promise<void> {
    for (const [deviceColumn, awayColumn] of [
      ['caller_device', 'caller_away_since'],
      ['callee_device', 'callee_away_since'],
    ] as const) {
      await db
        .updateTable('calls')
        .set({ [awayColumn]: now })
        .where('state', '=', 'connected')
        .where(deviceColumn, '=', device)
        .where(awayColumn, 'is', null)
        .execute();
    }
  },

  /** The device is back: its connected calls go on. Answers them, so the device hears where it stands. */
  async markBack(db: Db, device: string): Promise<CallRow[]> {
    const back: CallRow[] = [];
    for (const [deviceColumn, awayColumn] of [
      ['caller_device', 'caller_away_since'],
      ['callee_device', 'callee_away_since'],
    ] as const) {
      back.push(
        ...(await db
          .updateTable('calls')
          .set({ [awayColumn]: null })
          .where('state', '=', 'connected')
          .where(deviceColumn, '=', device)
          .returningAll()
          .execute()),
      );
    }
    return back;
  },

  /** Connected calls a party left longer ago than `since` without coming back. */
  awaySince: (db: Db, since: number): Promise<CallRow[]> =>
    db
      .selectFrom('calls')
      .selectAll()
      .where('state', '=', 'connected')
      .where((eb) => eb.or([eb('caller_away_since', '<=', since), eb('callee_away_since', '<=', since)]))
      .execute(),

  /** Calls that rang past their time. */
  dueRinging: (db: Db, now: number): Promise<CallRow[]> =>
    db.selectFrom('calls').selectAll().where('state', '=', 'ringing').where('ring_until', '<=', now).execute(),

  /** Calls not ended in which one of these devices is a party. */
  liveOfDevices: (db: Db, devices: string[]): Promise<CallRow[]> =>
    devices.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('calls')
          .selectAll()
          .where('state', '!=', 'ended')
          .where((eb) => eb.or([eb('caller_device', 'in', devices), eb('callee_device', 'in', devices)]))
          .execute(),

  /** Every call still ringing or connected (left open by a node that stopped without ending them). */
  allLive: (db: Db): Promise<CallRow[]> => db.selectFrom('calls').selectAll().where('state', '!=', 'ended').execute(),
};
