import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { conversationFactsRead, FactsLoader, takeFactsRead } from './facts-loader.js';
import { accessStorage } from './storage.js';

describe.each(dialects)('facts of a conversation asked for together on %s', (dialect) => {
  let storage: TestStorage;
  let users: number[];
  let chat: number;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    users = await insertUsers(storage.db, ['agent', 'agent', 'agent']);
    const now = Date.now();
    const row = await storage.db
      .insertInto('conversations')
      .values({
        kind: 'external',
        title: 'Visitor',
        direct_key: null,
        created_at: now,
        last_activity_at: now,
        channel: 'livechat',
        account_id: null,
        state: 'queued',
        customer_id: null,
        queue_id: null,
        owner_id: null,
        last_owner_id: null,
        waiting_since: now,
        next_route_at: null,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    chat = row.id;
    await storage.db
      .insertInto('conversation_members')
      .values([
        { conversation_id: chat, user_id: users[0]!, last_read_message_id: 0, role: 'offered' },
        { conversation_id: chat, user_id: users[1]!, last_read_message_id: 0, role: 'offered' },
      ])
      .execute();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await storage.close();
    await storage.drop();
  });

  it('are read once for everybody who asked in the same turn, each with their own role', async () => {
    const many = vi.spyOn(accessStorage, 'conversationFactsFor');
    const one = vi.spyOn(accessStorage, 'conversationFacts');
    const loader = new FactsLoader(storage.db, conversationFactsRead);
    const [first, second, third, again] = await Promise.all([
      loader.load(users[0]!, chat),
      loader.load(users[1]!, chat),
      loader.load(users[2]!, chat),
      loader.load(users[0]!, chat),
    ]);
    expect([first?.role, second?.role, third?.role, again?.role]).toEqual(['offered', 'offered', null, 'offered']);
    expect(first).toMatchObject({ kind: 'external', state: 'queued', owner_id: null });
    expect(many).toHaveBeenCalledTimes(1);
    expect(one).not.toHaveBeenCalled();
  });

  it('answer each asker as the single query would, asked together or alone', async () => {
    const gone = 2_000_000; // a user deleted while their request was on its way
    const loader = new FactsLoader(storage.db, conversationFactsRead);
    const together = await Promise.all([users[0]!, users[2]!, gone].map((id) => loader.load(id, chat)));
    const alone = await Promise.all([users[0]!, users[2]!, gone].map((id) => accessStorage.conversationFacts(storage.db, id, chat)));
    expect(together).toEqual(alone);
  });

  it('answers a conversation that does not exist with nothing beside one that does, and a lone question with the single query', async () => {
    const one = vi.spyOn(accessStorage, 'conversationFacts');
    const many = vi.spyOn(accessStorage, 'conversationFactsFor');
    const loader = new FactsLoader(storage.db, conversationFactsRead);
    const [missing, found] = await Promise.all([loader.load(users[0]!, chat + 1000), loader.load(users[1]!, chat)]);
    expect(missing).toBeUndefined();
    expect(found?.role).toBe('offered');
    expect(many).toHaveBeenCalledTimes(1);
    expect(one).not.toHaveBeenCalled();
    expect((await loader.load(users[1]!, chat))?.role).toBe('offered');
    expect(one).toHaveBeenCalledTimes(1);
    // Asked again later: read again, so a check never answers from an old turn.
    await storage.db.updateTable('conversations').set({ state: 'owned', owner_id: users[1]! }).where('id', '=', chat).execute();
    expect(await loader.load(users[1]!, chat)).toMatchObject({ state: 'owned', owner_id: users[1]! });
  });

  it('fails everybody who waited for a query that failed', async () => {
    vi.spyOn(accessStorage, 'conversationFactsFor').mockRejectedValueOnce(new Error('database gone'));
    const loader = new FactsLoader(storage.db, conversationFactsRead);
    const asked = [loader.load(users[0]!, chat), loader.load(users[1]!, chat)];
    await Promise.all(asked.map((answer) => expect(answer).rejects.toThrow('database gone')));
    expect((await loader.load(users[0]!, chat))?.role).toBe('offered');
  });

  it('judge takes pressed in the same turn with one read, each with what its refusal says, as the single query would', async () => {
    await storage.db.updateTable('conversations').set({ state: 'owned', owner_id: users[0]! }).where('id', '=', chat).execute();
    const many = vi.spyOn(accessStorage, 'takeFactsFor');
    const loader = new FactsLoader(storage.db, takeFactsRead);
    const asked = [users[0]!, users[1]!, users[2]!, 2_000_000];
    const together = await Promise.all(asked.map((id) => loader.load(id, chat)));
    const alone = await Promise.all(asked.map((id) => accessStorage.takeFacts(storage.db, id, chat)));
    expect(together).toEqual(alone);
    expect(together[1]).toMatchObject({ role: 'offered', owner_id: users[0]!, owner_name: expect.any(String), agent: null });
    expect(together[2]).toMatchObject({ role: null, owner_name: together[1]!.owner_name });
    expect(many).toHaveBeenCalledTimes(1);
  });
  it('judge the takes of several chats pressed in the same turn with one read, each as the single query would', async () => {
    const other = await storage.db
      .insertInto('conversations')
      .values({
        kind: 'external',
        title: 'Another visitor',
        direct_key: null,
        created_at: 1,
        last_activity_at: 1,
        channel: 'livechat',
        account_id: null,
        state: 'owned',
        customer_id: null,
        queue_id: null,
        owner_id: users[2]!,
        last_owner_id: null,
        waiting_since: null,
        next_route_at: null,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const many = vi.spyOn(accessStorage, 'takeFactsFor');
    const loader = new FactsLoader(storage.db, takeFactsRead);
    const asked: [number, number][] = [
      [users[0]!, chat],
      [users[1]!, other.id],
      [users[2]!, other.id],
      [users[1]!, chat],
      [users[0]!, other.id + 1000],
    ];
    const together = await Promise.all(asked.map(([user, conversation]) => loader.load(user, conversation)));
    const alone = await Promise.all(asked.map(([user, conversation]) => accessStorage.takeFacts(storage.db, user, conversation)));
    expect(together).toEqual(alone);
    expect(together.map((facts) => facts?.state)).toEqual(['queued', 'owned', 'owned', 'queued', undefined]);
    expect(together[1]).toMatchObject({ owner_id: users[2]!, owner_name: expect.any(String), role: null });
    expect(many).toHaveBeenCalledTimes(1);
  });
});
