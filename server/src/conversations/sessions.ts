import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import { Statement } from '../db/statement.js';

export type CloseReason = 'dealt_with' | 'ended' | 'blocked';

const openSessionOf = prepared((db: Db, conversationId: number) =>
  db.selectFrom('chat_sessions').selectAll().where('conversation_id', '=', conversationId).where('closed_at', 'is', null).orderBy('id', 'desc').limit(1),
);

/** The `chat_sessions` rows of customer chats: opened by the customer, taken by an agent, closed by Dealt with, End or Block. */
export const sessionStorage = {
  /** A new session for each of the conversations (a customer wrote after the last one closed). */
  openSessions: (db: Db, conversationIds: readonly number[], now: number) =>
    db
      .insertInto('chat_sessions')
      .values(conversationIds.map((id) => ({ conversation_id: id, opened_at: now })))
      .execute(),

  /** Makes each chat's open session its taker's (Information shows who had it), in one statement. */
  async takeOpenSessions(db: Db, takes: readonly { conversationId: number; userId: number }[], now: number): Promise<void> {
    if (takes.length === 0) return;
    // Cast: PostgreSQL would type the CASE of bare parameters as text.
    const statement = new Statement(db).text('update chat_sessions set taken_by = case conversation_id');
    for (const { conversationId, userId } of takes) statement.text(' when ').value(conversationId).text(' then cast(').value(userId).text(' as integer)');
    await statement
      .text(' end, taken_at = ')
      .value(now)
      .text(' where closed_at is null and conversation_id in (')
      .list(takes.map((t) => t.conversationId))
      .text(')')
      .execute();
  },

  currentSession: async (db: Db, conversationId: number) => (await openSessionOf(db, conversationId))[0],

  takeSession: (db: Db, sessionId: number, userId: number, now: number) =>
    db.updateTable('chat_sessions').set({ taken_by: userId, taken_at: now }).where('id', '=', sessionId).execute(),

  closeSession: (db: Db, conversationId: number, reason: CloseReason, now: number) =>
    db
      .updateTable('chat_sessions')
      .set({ closed_at: now, close_reason: reason })
      .where('conversation_id', '=', conversationId)
      .where('closed_at', 'is', null)
      .execute(),

  sessions: (db: Db, conversationId: number) =>
    db
      .selectFrom('chat_sessions')
      .leftJoin('users', 'users.id', 'chat_sessions.taken_by')
      .select(['chat_sessions.id', 'opened_at', 'closed_at', 'close_reason', 'taken_by', 'users.name as taken_by_name'])
      .where('conversation_id', '=', conversationId)
      .orderBy('chat_sessions.id')
      .execute(),
};
