import type { Contact, Queue, User } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

/** Input PostgreSQL cannot hold (ids past the integer range, NUL in text) is refused at the edge, on both databases. */
describe.each(dialects)('edge input on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Root', 'admin');
  });
  afterEach(() => h.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = admin.auth) =>
    h.app.inject({ method, url, headers, payload });

  it('refuses ids beyond the id column with 400, in paths, queries and bodies', async () => {
    for (const [method, url, payload] of [
      ['GET', '/api/conversations/99999999999'],
      ['GET', '/api/conversations/2147483648/info'],
      ['DELETE', '/api/admin/groups/99999999999'],
      ['PUT', '/api/contacts/99999999999', { name: 'X' }],
      ['DELETE', '/api/template-categories/99999999999'],
      ['GET', '/api/templates?groupId=99999999999'],
      ['GET', '/api/team?groupId=99999999999'],
      ['POST', '/api/conversations', { kind: 'direct', userId: 99999999999 }],
      ['POST', '/api/admin/groups', { name: 'G', members: [{ userId: 99999999999, isManager: false }] }],
    ] as const) {
      const response = await call(method, url, payload);
      expect(`${method} ${url} ${response.statusCode}`).toBe(`${method} ${url} 400`);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call('GET', '/api/conversations/2147483647')).statusCode).toBe(404);
  });

  it('refuses NUL in text with 400: login email, widget key, visitor name, searches', async () => {
    const queue = await createQueue(h, admin, { agentIds: [] });
    const { key } = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    for (const [method, url, payload, headers] of [
      ['POST', '/api/auth/login', { email: 'a\u0000@x.test', password: 'whatever1' }, {}],
      ['GET', '/api/widget/a%00b/config', undefined, {}],
      ['POST', `/api/widget/${key}/visits`, { name: 'Jane\u0000' }, {}],
      ['GET', '/api/contacts?q=%00', undefined, admin.auth],
      ['GET', '/api/users/search?q=a%00', undefined, admin.auth],
      ['GET', '/api/queues?q=%00', undefined, admin.auth],
      ['GET', '/api/templates?q=%00', undefined, admin.auth],
      ['POST', '/api/contacts', { name: 'N\u0000' }, admin.auth],
      ['POST', '/api/admin/groups', { name: 'G\u0000' }, admin.auth],
    ] as const) {
      const response = await call(method, url, payload, headers);
      expect(`${method} ${url} ${response.statusCode}`).toBe(`${method} ${url} 400`);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('stores names without control characters or bidi overrides', async () => {
    const contact = (await call('POST', '/api/contacts', { name: '\u202eAnna\u202c\nLee\u0007', company: 'A\u200fcme' })).json() as Contact;
    expect([contact.name, contact.company]).toEqual(['Anna Lee', 'Acme']);
    const user = (
      await call('POST', '/api/admin/users', { name: 'Bob\u2066 \u0085Smith', email: 'bob@x.test', extension: '4711', password: 'secret-password' })
    ).json() as User;
    expect(user.name).toBe('Bob Smith');
    const queue = (await call('POST', '/api/admin/queues', { number: '4712', name: '\u202dSales\u001b' })).json() as Queue;
    expect(queue.name).toBe('Sales');
    const onlyControls = await call('POST', '/api/admin/groups', { name: '\u202e\u200e' });
    expect(onlyControls.statusCode).toBe(400);
  });

  it('answers an empty PATCH of a user with the user unchanged, not a 500 (found by the fuzz suite)', async () => {
    const agent = await h.user('Dora');
    const empty = await call('PATCH', `/api/admin/users/${agent.id}`, {});
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ id: agent.id, name: 'Dora' });
    expect((await call('PATCH', '/api/admin/users/2147483647', {})).statusCode).toBe(404);
  });

  it('answers a plain GET of /ws/visitor in the error shape', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/ws/visitor?token=abc' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });
});
