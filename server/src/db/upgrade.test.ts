import type { ConversationInfo, WidgetConfig } from '@switchboard/protocol';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyDb } from './dialect.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { memberStorage } from '../conversations/members.js';
import { createHash } from 'node:crypto';

/** Upgrades of a database with data in it: what users had before is there after, and still works. */
describe.each(dialects)('upgrading a database with data on %s', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  const config = async (key: string) => (await h.app.inject({ method: 'GET', url: `/api/widget/${key}/config` })).json() as WidgetConfig;
  const insertWidget = (db: AnyDb, key: string, language: string, greeting: string) =>
    sql`insert into widgets (key, name, target_type, target_id, greeting, ask_name, ask_email, colour, language, allow_calls)
        values (${key}, ${`Widget ${key}`}, 'queue', 1, ${greeting}, 1, 0, '#1f6feb', ${language}, 0)`.execute(db);

  it("keeps a widget's single greeting from before per-language texts, in the widget's language", async () => {
    h = await startHarness(dialect, {
      upgrade: {
        upTo: '0005_settings',
        async seed(db) {
          await insertWidget(db, 'auto-key', 'auto', 'Welcome to ACME!');
          await insertWidget(db, 'de-key', 'de', 'Willkommen bei ACME!');
        },
      },
    });
    expect((await config('auto-key')).texts.en.greeting).toBe('Welcome to ACME!');
    expect((await config('de-key')).texts).toEqual({
      en: { greeting: '', offline: '', prechat: '' },
      de: { greeting: 'Willkommen bei ACME!', offline: '', prechat: '' },
    });
  });

  it('turns widgets into live chat channel accounts and visitors into identities: their tokens and chats still work', async () => {
    const token = 'a-visitor-token-from-before-the-upgrade';
    const tokenHash = createHash('sha256').update(token).digest('base64url');
    h = await startHarness(dialect, {
      upgrade: {
        upTo: '0006_widget_texts',
        async seed(db) {
          await sql`insert into users (email, name, extension, role, password_hash, created_at) values ('a@x.test', 'Anna', '901', 'admin', 'x', 1)`.execute(
            db,
          );
          await sql`insert into queues (number, name, strategy, ring_time_s, max_wait_s, no_agents_destination, timeout_destination)
                    values ('800', 'Support', 'ring_all', 20, 300, '{"type":"offline"}', '{"type":"offline"}')`.execute(db);
          await sql`insert into widgets (key, name, target_type, target_id, texts, ask_name, ask_email, colour, language, allow_calls)
                    values ('site-key', 'Website', 'queue', 1, '{"en":{"greeting":"Hi!"}}', 1, 1, '#aa0000', 'en', 1)`.execute(db);
          await sql`insert into customers (channel, name, email, phone, ip, language, token_hash, widget_id, created_at)
                    values ('livechat', 'Jane Visitor', 'jane@example.test', '', '203.0.113.9', 'en', ${tokenHash}, 1, 1)`.execute(db);
          await sql`insert into conversations (kind, title, created_at, last_activity_at, channel, state, customer_id)
                    values ('external', 'Jane Visitor', 1, 1, 'livechat', 'closed', 1)`.execute(db);
          await sql`insert into messages (conversation_id, author, sender_name, author_key, client_id, body, created_at)
                    values (1, 'customer', 'Jane Visitor', 'c1', 'before-upgrade-1', 'Hello from before', 1)`.execute(db);
          await sql`insert into ip_blocks (ip, customer_name, created_at) values ('198.51.100.7', 'Someone', 1)`.execute(db);
        },
      },
    });
    const admin = await h.login('a@x.test').catch(() => undefined);
    expect(admin).toBeUndefined(); // the seeded password hash is not a real one: use a fresh admin for the API
    const root = await h.user('Root', 'admin');
    const channels = await h.app.inject({ method: 'GET', url: '/api/admin/widgets', headers: root.auth });
    expect(channels.json()).toEqual({
      widgets: [
        expect.objectContaining({
          id: 1,
          key: 'site-key',
          name: 'Website',
          target: { type: 'queue', queueId: 1 },
          askEmail: true,
          colour: '#aa0000',
          allowCalls: true,
        }),
      ],
    });
    expect((await config('site-key')).texts.en.greeting).toBe('Hi!');

    // The visitor from before still reaches their chat with their token, and writes into it.
    const auth = { authorization: `Visitor ${token}` };
    const chat = await h.app.inject({ method: 'GET', url: '/api/visitor/chat', headers: auth, remoteAddress: '203.0.113.9' });
    expect(chat.statusCode, chat.body).toBe(200);
    expect(chat.json().messages.map((m: { body: string }) => m.body)).toEqual(['Hello from before']);
    const sent = await h.app.inject({
      method: 'POST',
      url: '/api/visitor/messages',
      headers: auth,
      remoteAddress: '203.0.113.9',
      payload: { clientId: 'after-upgrade-1', body: 'And after' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const conversations = await h.storage.db.selectFrom('conversations').select(['id', 'account_id']).execute();
    expect(conversations).toEqual([{ id: 1, account_id: 1 }]);

    // The IP the visitor wrote from is theirs now, shown in Information; the IP block list is untouched.
    const info = await h.app.inject({ method: 'GET', url: '/api/conversations/1/info', headers: root.auth });
    expect(info.statusCode, info.body).toBe(200);
    expect((info.json() as ConversationInfo).customer?.ip).toBe('203.0.113.9');
    const blocks = await h.app.inject({ method: 'GET', url: '/api/admin/blocks', headers: root.auth });
    expect(blocks.json().blocks.map((b: { ip: string }) => b.ip)).toEqual(['198.51.100.7']);

    // New accounts continue after the migrated ids (PostgreSQL's sequence was moved on).
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/admin/widgets',
      headers: root.auth,
      payload: { name: 'Shop', target: { type: 'queue', queueId: 1 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().id).toBe(2);
  });

  it('keeps the offers of chats waiting at the upgrade: the agents still have them, and one takes it', async () => {
    h = await startHarness(dialect, {
      upgrade: {
        upTo: '0020_identity_by_customer_account',
        async seed(db) {
          for (const [email, name, extension] of [
            ['anna@x.test', 'Anna', '201'],
            ['ben@x.test', 'Ben', '202'],
            ['cleo@x.test', 'Cleo', '203'],
          ])
            await sql`insert into users (email, name, extension, role, password_hash, created_at) values (${email}, ${name}, ${extension}, 'agent', 'x', 1)`.execute(
              db,
            );
          await sql`insert into queues (number, name, strategy, ring_time_s, max_wait_s, no_agents_destination, timeout_destination)
                    values ('800', 'Support', 'ring_all', 20, 300, '{"type":"offline"}', '{"type":"offline"}')`.execute(db);
          await sql`insert into conversations (kind, title, created_at, last_activity_at, state, queue_id, waiting_since)
                    values ('external', 'Jane Visitor', 1, 1, 'queued', 1, 1)`.execute(db);
          // Cleo had it before it came back to the queue: her own row stays hers.
          await sql`insert into conversation_members (conversation_id, user_id, last_read_message_id, role, archived)
                    values (1, 1, 0, 'offered', 0), (1, 2, 0, 'offered', 0), (1, 3, 0, 'former', 1)`.execute(db);
        },
      },
    });
    const db = h.storage.db;
    expect(await db.selectFrom('conversation_members').select(['user_id', 'role']).orderBy('user_id').execute()).toEqual([{ user_id: 3, role: 'former' }]);
    const roles = new Map((await memberStorage.members(db, 1)).map((m) => [m.user_id, m.role]));
    expect(roles).toEqual(
      new Map([
        [3, 'former'],
        [1, 'offered'],
        [2, 'offered'],
      ]),
    );

    await h.services.customerChats.take({ id: 2, role: 'agent', name: 'Ben' }, 1);
    const after = new Map((await memberStorage.members(db, 1)).map((m) => [m.user_id, m.role]));
    expect(after).toEqual(
      new Map([
        [2, 'owner'],
        [3, 'former'],
      ]),
    );
  });
});
