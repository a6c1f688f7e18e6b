import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueue } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

/** likeContains: `%`, `_` and `\` in a search are matched as themselves on both databases. */
describe.each(dialects)('searching for LIKE wildcards on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Root', 'admin');
  });
  afterEach(() => h.close());

  const names = async (url: string, key: string) =>
    ((await h.app.inject({ method: 'GET', url, headers: admin.auth })).json()[key] as { name: string }[]).map((c) => c.name).sort();

  it('finds "50% off" and not "500 off" in contacts, and matches _ and \\ literally', async () => {
    for (const name of ['50% off', '500 off', 'a_b', 'axb', 'back\\slash', 'backslash']) {
      await h.app.inject({ method: 'POST', url: '/api/contacts', headers: admin.auth, payload: { name } });
    }
    expect(await names(`/api/contacts?q=${encodeURIComponent('50%')}`, 'contacts')).toEqual(['50% off']);
    expect(await names(`/api/contacts?q=${encodeURIComponent('a_b')}`, 'contacts')).toEqual(['a_b']);
    expect(await names(`/api/contacts?q=${encodeURIComponent('k\\s')}`, 'contacts')).toEqual(['back\\slash']);
  });

  it('does the same in queues, templates and the user search', async () => {
    await createQueue(h, admin, { agentIds: [], name: '50% off' });
    await createQueue(h, admin, { agentIds: [], name: '500 off' });
    expect(await names(`/api/queues?q=${encodeURIComponent('50%')}`, 'queues')).toEqual(['50% off']);

    await h.user('Ann_Lee');
    await h.user('AnnxLee');
    expect(await names(`/api/users/search?q=${encodeURIComponent('n_l')}`, 'users')).toEqual(['Ann_Lee']);

    const group = (await h.app.inject({ method: 'POST', url: '/api/admin/groups', headers: admin.auth, payload: { name: 'G' } })).json() as { id: number };
    for (const title of ['50% off', '500 off']) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: admin.auth,
        payload: { groupId: group.id, title, body: title, language: 'en' },
      });
      expect(r.statusCode).toBe(201);
    }
    const templates = (await h.app.inject({ method: 'GET', url: `/api/templates?q=${encodeURIComponent('50%')}`, headers: admin.auth })).json().templates as {
      title: string;
    }[];
    expect(templates.map((t) => t.title)).toEqual(['50% off']);
  });
});
