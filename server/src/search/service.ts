import type { MessageSearchQuery, MessageSearchResult } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Db } from '../db/database.js';
import { searchWords } from '../db/dialect.js';
import { searchMessages } from './storage.js';

/** Search in the text of the messages of my conversations (the sidebar's search shows these under the names). */
export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
  ) {}

  async messages(actor: Actor, query: MessageSearchQuery): Promise<MessageSearchResult> {
    await this.access.require(actor, 'messages.search');
    const words = searchWords(query.q);
    // Punctuation only ("?!"): nothing to look for, and not an error for someone still typing.
    if (words.length === 0) return { hits: [] };
    return { hits: await searchMessages(this.db, actor.id, words, query.limit) };
  }
}
