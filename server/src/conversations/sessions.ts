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
  openSessions: async (db: Db, conversationIds: readonly number[], now: number) => {
    if (conversationIds.length === 0) return;
    await new Statement(db)
      .text('insert into chat_sessions (conversation_id, opened_at) select conversation_id, opened_at from (')
      .table(
        [
          ['conversation_id', 'integer'],
          ['opened_at', 'bigint'],
        ],
        conversationIds.map((id) => [id, now]),
      )
      .text(') as opened')
      .execute();
  },

  /** Makes each chat's open session its taker's (Information shows who had it), in one statement. */
  async takeOpenSessions(db: Db, takes: readonly { conversationId: number; userId: number }[], now: number): Promise<void> {
    if (takes.length === 0) return;
    await new Statement(db)
      .text('update chat_sessions set taken_by = taker.user_id, taken_at = ')
      .value(now)
      .text(' from (')
      .table(
        [
          ['conversation_id', 'integer'],
          ['user_id', 'integer'],
        ],
        takes.map((t) => [t.conversationId, t.userId]),
      )
      .text(') as taker where chat_sessions.conversation_id = taker.conversation_id and chat_sessions.closed_at is null')
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
