import type { Db } from '../db/database.js';
import { TurnBatch } from '../db/turn-batch.js';
import { type Asker, accessStorage, type ConversationFactsRow, type TakeFactsRow } from './storage.js';

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
  private readonly batch: TurnBatch<Asker, Row>;

  constructor(db: Db, read: PerUserRead<Row>) {
    this.batch = new TurnBatch<Asker, Row>(async (asked) => {
      const askers = [...asked];
      // A lone asker (a message sent, a chat opened) keeps the single query, the cheaper of the two.
      const rows =
        askers.length === 1 && askers[0]
          ? [await read.one(db, askers[0][1].userId, askers[0][1].conversationId)]
          : await read.many(
              db,
              askers.map(([, asker]) => asker),
            );
      const found = new Map<string, Row>();
      askers.forEach(([key], i) => {
        const row = rows[i];
        if (row !== undefined) found.set(key, row);
      });
      return found;
    });
  }

  load(userId: number, conversationId: number): Promise<Row | undefined> {
    return this.batch.load(`${conversationId}:${userId}`, { userId, conversationId });
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
