import type { MessageHit } from '@switchboard/protocol';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, reply, TestVisitor } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('message search on %s', (dialect) => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  const search = async (user: TestUser, q: string): Promise<MessageHit[]> => {
    const response = await h.app.inject({ method: 'GET', url: `/api/messages/search?q=${encodeURIComponent(q)}`, headers: user.auth });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { hits: MessageHit[] }).hits;
  };
  const bodies = async (user: TestUser, q: string) => (await search(user, q)).map((hit) => hit.body);

  async function chat(from: TestUser, payload: object): Promise<number> {
    const response = await h.app.inject({ method: 'POST', url: '/api/conversations', headers: from.auth, payload });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { id: number }).id;
  }
  const send = async (from: TestUser, conversationId: number, body: string) => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: from.auth,
      payload: { clientId: `c-${Math.random().toString(36).slice(2)}`, body },
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('finds words in my chats only, newest first, named as the chat is: a non-member never finds them', async () => {
    h = await startHarness(dialect);
    const [anna, ben, clara, root] = [await h.user('Anna'), await h.user('Ben'), await h.user('Clara'), await h.user('Root', 'admin')];
    const withBen = await chat(anna, { kind: 'direct', userId: ben.id });
    const group = await chat(anna, { kind: 'group', title: 'Release', userIds: [clara.id] });
    await send(ben, withBen, 'The invoice for ACME is ready');
    await send(anna, group, 'Where is the ACME invoice?');
    await send(clara, group, 'Lunch at noon');

    expect(await search(anna, 'invoice')).toEqual([
      expect.objectContaining({
        conversationId: group,
        conversationKind: 'group',
        conversationTitle: 'Release',
        senderName: 'Anna',
        body: 'Where is the ACME invoice?',
      }),
      expect.objectContaining({ conversationId: withBen, conversationKind: 'direct', conversationTitle: 'Ben', senderName: 'Ben', author: 'user' }),
    ]);
    expect((await search(ben, 'invoice')).map((hit) => hit.conversationTitle)).toEqual(['Anna']);
    expect(await bodies(clara, 'invoice')).toEqual(['Where is the ACME invoice?']);
    // An admin manages accounts but reads no private chat, and finds nothing in one either.
    expect(await bodies(root, 'invoice')).toEqual([]);
    expect(await bodies(root, 'lunch')).toEqual([]);
  });

  it('matches every word as the start of a word, in any case, with umlauts and ß', async () => {
    h = await startHarness(dialect);
    const [anna, ben] = [await h.user('Anna'), await h.user('Ben')];
    const c = await chat(anna, { kind: 'direct', userId: ben.id });
    await send(ben, c, 'Grüße an Frau Müller, die Straße ist gesperrt');
    await send(ben, c, 'Meeting with Mr. Mueller tomorrow');

    expect(await bodies(anna, 'müller')).toEqual(['Grüße an Frau Müller, die Straße ist gesperrt']);
    expect(await bodies(anna, 'MÜLL')).toEqual(['Grüße an Frau Müller, die Straße ist gesperrt']);
    expect(await bodies(anna, 'straße gesp')).toEqual(['Grüße an Frau Müller, die Straße ist gesperrt']);
    expect(await bodies(anna, 'GRÜSSE')).toEqual([]); // a different word to both engines: no stemming, no ß folding
    expect(await bodies(anna, 'meet tomorrow')).toEqual(['Meeting with Mr. Mueller tomorrow']);
    expect(await bodies(anna, 'müller tomorrow')).toEqual([]); // every word must be in the message
    expect(await bodies(anna, 'uller')).toEqual([]); // the start of a word, not its middle
  });

  it('reads search syntax as plain words, and answers nothing for punctuation only', async () => {
    h = await startHarness(dialect);
    const [anna, ben] = [await h.user('Anna'), await h.user('Ben')];
    const c = await chat(anna, { kind: 'direct', userId: ben.id });
    await send(ben, c, 'price: 10 EUR (net) or "gross"?');
    for (const q of ['"price', 'price:*', 'price & (net', "net' OR 1=1 --", 'NEAR(price net)', 'gross" OR "x']) {
      const response = await h.app.inject({ method: 'GET', url: `/api/messages/search?q=${encodeURIComponent(q)}`, headers: anna.auth });
      expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
    }
    expect(await bodies(anna, '(net)')).toEqual(['price: 10 EUR (net) or "gross"?']);
    expect(await bodies(anna, '?!')).toEqual([]);
    const empty = await h.app.inject({ method: 'GET', url: '/api/messages/search?q=', headers: anna.auth });
    expect(empty.statusCode).toBe(400);
  });

  it('finds customer chats for who is in them, also after Dealt with (their archive), not for agents who never were', async () => {
    h = await startHarness(dialect);
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const [anna, ben] = [await h.user('Anna'), await h.user('Ben')];
    const queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    sockets.push(await agentOnline(h, anna, [queue.id]));
    const visitor = await TestVisitor.start(h, widget.key, 'Jane Visitor');
    await visitor.write('My parcel never arrived');
    const conversationId = (await recents(h, anna))[0]!.id;
    // Only offered to Anna while it waits: she reads it, so she finds it; Ben, not in the queue, does not.
    expect(await bodies(anna, 'parcel')).toEqual(['My parcel never arrived']);
    expect(await bodies(ben, 'parcel')).toEqual([]);
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(200);
    await reply(h, anna, conversationId, 'Sorry about the parcel, I will check');
    expect((await act(h, anna, conversationId, 'dealt-with')).statusCode).toBe(200);

    expect(await search(anna, 'parcel')).toEqual([
      expect.objectContaining({ conversationTitle: 'Jane Visitor', channel: 'livechat', author: 'user' }),
      expect.objectContaining({ conversationTitle: 'Jane Visitor', channel: 'livechat', author: 'customer', senderName: 'Jane Visitor' }),
    ]);
    expect(await bodies(ben, 'parcel')).toEqual([]);
  });

  it('indexes the messages already stored when the database is upgraded', async () => {
    h = await startHarness(dialect, {
      upgrade: {
        upTo: '0008_sms_opt_out',
        async seed(db) {
          await sql`insert into users (email, name, extension, role, password_hash, created_at) values ('old@x.test', 'Olga', '990', 'agent', 'x', 1)`.execute(
            db,
          );
          await sql`insert into conversations (kind, title, created_at, last_activity_at) values ('group', 'Old team', 1, 1)`.execute(db);
          await sql`insert into conversation_members (conversation_id, user_id, last_read_message_id, role, archived) values (1, 1, 0, 'member', 0)`.execute(
            db,
          );
          await sql`insert into messages (conversation_id, author, sender_id, sender_name, author_key, client_id, body, created_at)
                    values (1, 'user', 1, 'Olga', 'u1', 'before-upgrade-1', 'Übergabe der Schlüssel am Freitag', 1)`.execute(db);
        },
      },
    });
    // Olga's seeded password hash is not a real one: her search goes to the service the route calls.
    const hits = await h.services.search.messages({ id: 1, role: 'agent', name: 'Olga' }, { q: 'schlüssel', limit: 20 });
    expect(hits.hits.map((hit) => hit.body)).toEqual(['Übergabe der Schlüssel am Freitag']);
  });
});
