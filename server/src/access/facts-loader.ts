import type { Db } from '../db/database.js';
import { accessStorage, type ConversationFactsRow } from './storage.js';

type Waiter = { resolve: (row: ConversationFactsRow | undefined) => void; reject: (error: unknown) => void };

/**
 * Reads what the rules need of a conversation for everybody who asks about it in the same turn of the event
 * loop, in one query. With Ring all, the fifty agents offered a chat press Take within a millisecond: fifty
 * checks of the same chat, each a query (on PostgreSQL a round trip, each send a system call that wakes the
 * server's backend), became one. Outside transactions only: a check under a row lock reads in its transaction.
 */
export class FactsLoader {
  private pending = new Map<number, Map<number, Waiter[]>>();
  private scheduled = false;

  constructor(private readonly db: Db) {}

  load(userId: number, conversationId: number): Promise<ConversationFactsRow | undefined> {
    return new Promise((resolve, reject) => {
      const users = this.pending.get(conversationId) ?? new Map<number, Waiter[]>();
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
    await Promise.all([...batch].map(([conversationId, users]) => this.read(conversationId, users)));
  }

  private async read(conversationId: number, users: Map<number, Waiter[]>): Promise<void> {
    try {
      const ids = [...users.keys()];
      // A lone asker (a message sent, a chat opened) keeps the single-user query, the cheaper of the two.
      const rows =
        ids.length === 1
          ? new Map([[ids[0]!, await accessStorage.conversationFacts(this.db, ids[0]!, conversationId)]])
          : await accessStorage.conversationFactsForUsers(this.db, ids, conversationId);
      for (const [userId, waiters] of users) for (const waiter of waiters) waiter.resolve(rows.get(userId));
    } catch (error) {
      for (const waiters of users.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
