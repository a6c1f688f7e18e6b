import type { Db } from '../db/database.js';
import { accessStorage, type ConversationFactsRow, type TakeFactsRow } from './storage.js';

type Waiter<Row> = { resolve: (row: Row | undefined) => void; reject: (error: unknown) => void };

/** A read of one conversation as a user sees it: for one user, and the same for several in one query. */
export interface PerUserRead<Row> {
  one(db: Db, userId: number, conversationId: number): Promise<Row | undefined>;
  many(db: Db, userIds: readonly number[], conversationId: number): Promise<Map<number, Row>>;
}

/**
 * Reads what the rules need of a conversation for everybody who asks about it in the same turn of the event
 * loop, in one query. With Ring all, the fifty agents offered a chat press Take within a millisecond: fifty
 * checks of the same chat, each a query (on PostgreSQL a round trip, each send a system call that wakes the
 * server's backend), became one. Outside transactions only: a check under a row lock reads in its transaction.
 */
export class FactsLoader<Row> {
  private pending = new Map<number, Map<number, Waiter<Row>[]>>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly read: PerUserRead<Row>,
  ) {}

  load(userId: number, conversationId: number): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      const users = this.pending.get(conversationId) ?? new Map<number, Waiter<Row>[]>();
      this.pending.set(conversationId, users);
      users.set(userId, [...(users.get(userId) ?? []), { resolve, reject }]);
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O callbacks of this turn: every frame and request that arrived together has asked by then.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    await Promise.all([...batch].map(([conversationId, users]) => this.answer(conversationId, users)));
  }

  private async answer(conversationId: number, users: Map<number, Waiter<Row>[]>): Promise<void> {
    try {
      const ids = [...users.keys()];
      // A lone asker (a message sent, a chat opened) keeps the single-user query, the cheaper of the two.
      const rows =
        ids.length === 1 ? new Map([[ids[0]!, await this.read.one(this.db, ids[0]!, conversationId)]]) : await this.read.many(this.db, ids, conversationId);
      for (const [userId, waiters] of users) for (const waiter of waiters) waiter.resolve(rows.get(userId));
    } catch (error) {
      for (const waiters of users.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}

/** What the rules need of a conversation (access/conversation-rules.ts). */
export const conversationFactsRead: PerUserRead<ConversationFactsRow> = {
  one: (db, userId, conversationId) => accessStorage.conversationFacts(db, userId, conversationId),
  many: (db, userIds, conversationId) => accessStorage.conversationFactsForUsers(db, userIds, conversationId),
};

/** What a Take is judged by, with who has the chat and whether the user may know it (to say why it was refused). */
export const takeFactsRead: PerUserRead<TakeFactsRow> = {
  one: (db, userId, conversationId) => accessStorage.takeFacts(db, userId, conversationId),
  many: (db, userIds, conversationId) => accessStorage.takeFactsForUsers(db, userIds, conversationId),
};
