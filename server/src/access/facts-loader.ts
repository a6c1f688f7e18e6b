import type { Db } from '../db/database.js';
import { type Asker, accessStorage, type ConversationFactsRow, type TakeFactsRow } from './storage.js';

type Waiter<Row> = { resolve: (row: Row | undefined) => void; reject: (error: unknown) => void };

/** A read of conversations as users see them: for one asker, and the same for several in one query. */
export interface PerUserRead<Row> {
  one(db: Db, userId: number, conversationId: number): Promise<Row | undefined>;
  many(db: Db, askers: readonly Asker[]): Promise<(Row | undefined)[]>;
}

/**
 * Reads what the rules need of conversations for everybody who asks in the same turn of the event loop, in one
 * query. With Ring all, the fifty agents offered a chat press Take within a millisecond, and in a rush of
 * customers the takes of several chats arrive together: each check a query (on PostgreSQL a round trip that
 * waits for one of the pool's connections) became one per turn. Outside transactions only: a check under a
 * row lock reads in its transaction.
 */
export class FactsLoader<Row> {
  private pending = new Map<string, Asker & { waiters: Waiter<Row>[] }>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly read: PerUserRead<Row>,
  ) {}

  load(userId: number, conversationId: number): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      const key = `${conversationId}:${userId}`;
      const asker = this.pending.get(key) ?? { userId, conversationId, waiters: [] };
      asker.waiters.push({ resolve, reject });
      this.pending.set(key, asker);
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O callbacks of this turn: every frame and request that arrived together has asked by then.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const askers = [...this.pending.values()];
    this.pending = new Map();
    this.scheduled = false;
    try {
      // A lone asker (a message sent, a chat opened) keeps the single query, the cheaper of the two.
      const [lone] = askers;
      const rows = askers.length === 1 && lone ? [await this.read.one(this.db, lone.userId, lone.conversationId)] : await this.read.many(this.db, askers);
      askers.forEach((asker, i) => {
        for (const waiter of asker.waiters) waiter.resolve(rows[i]);
      });
    } catch (error) {
      for (const asker of askers) for (const waiter of asker.waiters) waiter.reject(error);
    }
  }
}

/** What the rules need of a conversation (access/conversation-rules.ts). */
export const conversationFactsRead: PerUserRead<ConversationFactsRow> = {
  one: (db, userId, conversationId) => accessStorage.conversationFacts(db, userId, conversationId),
  many: (db, askers) => accessStorage.conversationFactsFor(db, askers),
};

/** What a Take is judged by, with who has the chat and whether the user may know it (to say why it was refused). */
export const takeFactsRead: PerUserRead<TakeFactsRow> = {
  one: (db, userId, conversationId) => accessStorage.takeFacts(db, userId, conversationId),
  many: (db, askers) => accessStorage.takeFactsFor(db, askers),
};
