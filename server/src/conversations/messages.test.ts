import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { deliveryStorage } from './delivery.js';
import { findByClientId, history, insertMessages, lastMessages } from './messages.js';

describe.each(dialects)('messages read to be shown, with their files and reactions, on %s', (dialect) => {
  let storage: TestStorage;
  let ids: { plain: number; photo: number; liked: number; both: number };

  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    const db = storage.db;
    const [ana] = await insertUsers(db, ['agent']);
    const { id: conversationId } = await db
      .insertInto('conversations')
      .values({ kind: 'group', title: 'Team', created_at: 1, last_activity_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const send = (clientId: string) => ({ conversationId, message: { author: 'user' as const, senderId: ana!, senderName: 'Ana', clientId, body: clientId } });
    const [plain, photo, liked, both] = await insertMessages(db, [send('plain'), send('photo'), send('liked'), send('both')], 10);
    ids = { plain: plain!.id, photo: photo!.id, liked: liked!.id, both: both!.id };
    const file = (name: string) => ({
      conversation_id: conversationId,
      sha256: name,
      size: 3,
      name,
      mime: 'image/png',
      kind: 'image' as const,
      width: 4,
      height: 3,
      created_at: 1,
    });
    const files = await db
      .insertInto('files')
      .values([file('a.png'), file('b.png'), file('c.png')])
      .returning('id')
      .execute();
    await db
      .insertInto('message_files')
      .values([
        { message_id: ids.photo, file_id: files[0]!.id, position: 0 },
        { message_id: ids.both, file_id: files[2]!.id, position: 1 },
        { message_id: ids.both, file_id: files[1]!.id, position: 0 },
      ])
      .execute();
    const reaction = (messageId: number, key: string, emoji: string, at: number) => ({
      message_id: messageId,
      reactor_key: key,
      by_name: key === 'c1' ? 'Kim' : 'Ana',
      by_customer: key === 'c1' ? 1 : 0,
      emoji,
      created_at: at,
    });
    await db
      .insertInto('message_reactions')
      .values([reaction(ids.liked, 'u1', '👍', 5), reaction(ids.both, 'c1', '❤️', 7), reaction(ids.both, 'u1', '😀', 6)])
      .execute();
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  const shown = (m: { body: string; attachments: { name: string }[]; reactions: { emoji: string; byName: string; byCustomer: boolean }[] }) => ({
    body: m.body,
    files: m.attachments.map((a) => a.name),
    reactions: m.reactions.map((r) => `${r.emoji} ${r.byName}${r.byCustomer ? ' (customer)' : ''}`),
  });
  const expected = {
    plain: { body: 'plain', files: [], reactions: [] },
    photo: { body: 'photo', files: ['a.png'], reactions: [] },
    liked: { body: 'liked', files: [], reactions: ['👍 Ana'] },
    both: { body: 'both', files: ['b.png', 'c.png'], reactions: ['😀 Ana', '❤️ Kim (customer)'] },
  };

  it("shows each message's own files in order and reactions in the order they came, and none on the others", async () => {
    const conversationId = (await storage.db.selectFrom('conversations').select('id').executeTakeFirstOrThrow()).id;
    const page = await history(storage.db, conversationId, undefined, 50);
    expect(page.messages.map(shown)).toEqual([expected.plain, expected.photo, expected.liked, expected.both]);
    const last = await lastMessages(storage.db, [ids.plain, ids.both, ids.liked]);
    expect(shown(last.get(ids.both)!)).toEqual(expected.both);
    expect(shown(last.get(ids.plain)!)).toEqual(expected.plain);
    expect(shown(last.get(ids.liked)!)).toEqual(expected.liked);
    expect(shown((await deliveryStorage.messageById(storage.db, ids.photo))!)).toEqual(expected.photo);
    const author = (await storage.db.selectFrom('messages').select('author_key').where('id', '=', ids.both).executeTakeFirstOrThrow()).author_key;
    expect(shown((await findByClientId(storage.db, author, 'both'))!)).toEqual(expected.both);
  });
});
