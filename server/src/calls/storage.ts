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
  /** Set when the attempt ends before it rings (busy, offline): stored ended, for the transcript. */
  endedAs?: EndReason;
}

/** The only code that writes `calls`. Changes of state are conditional updates, so of two at once one wins. */
export const callStorage = {
  insert: (db: Db, c: NewCall): Promise<CallRow> =>
    db
      .insertInto('calls')
      .values({
        conversation_id: c.conversationId,
        media: c.media,
        state: c.endedAs ? 'ended' : 'ringing',
        caller_id: c.callerId,
        caller_device: c.callerDevice,
        callee_user_id: c.calleeUserId,
        callee_customer_id: c.calleeCustomerId,
        end_reason: c.endedAs ?? null,
        created_at: c.now,
        ring_until: c.ringUntil,
        ended_at: c.endedAs ? c.now : null,
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

  /** Ends a call that is not yet ended; undefined when it already was (the other party's hang-up won). */
  end: (db: Db, id: number, reason: EndReason, now: number): Promise<CallRow | undefined> =>
    db
      .updateTable('calls')
      .set({ state: 'ended', end_reason: reason, ended_at: now })
      .where('id', '=', id)
      .where('state', '!=', 'ended')
      .returningAll()
      .executeTakeFirst(),

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
