import type { TeamView } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('team view on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let dora: TestUser;
  let sales: number;
  let support: number;

  beforeEach(async () => {
    h = await startHarness(dialect);
    const admin = await h.user('Root', 'admin');
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
    dora = await h.user('Dora');
    const group = async (name: string, members: TestUser[]) =>
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/admin/groups',
          headers: admin.auth,
          payload: { name, members: members.map((m) => ({ userId: m.id, isManager: false })) },
        })
      ).json().id as number;
    sales = await group('Sales', [anna, ben]);
    support = await group('Support', [anna, clara]);
    await group('Finance', [dora]);
  });
  afterEach(() => h.close());

  const team = async (user: TestUser, query = '') => (await h.app.inject({ method: 'GET', url: `/api/team${query}`, headers: user.auth })).json() as TeamView;

  it('shows the members of all my groups, not other groups, with presence', async () => {
    const view = await team(anna);
    expect(view.groups.map((g) => g.name)).toEqual(['Sales', 'Support']);
    expect(view.members.map((m) => m.name)).toEqual(['Ben', 'Clara']);
    expect(view.members.every((m) => m.presence === 'offline')).toBe(true);
    expect((await team(ben)).members.map((m) => m.name)).toEqual(['Anna']);
  });

  it('filters by one group, and refuses a group I am not in', async () => {
    expect((await team(anna, `?groupId=${support}`)).members.map((m) => m.name)).toEqual(['Clara']);
    const refused = await h.app.inject({ method: 'GET', url: `/api/team?groupId=${support}`, headers: ben.auth });
    expect(refused.statusCode).toBe(403);
  });

  it('lists favourites first and keeps them per user', async () => {
    const star = (user: TestUser, id: number, method: 'PUT' | 'DELETE') => h.app.inject({ method, url: `/api/team/favourites/${id}`, headers: user.auth });
    expect((await star(anna, clara.id, 'PUT')).statusCode).toBe(200);
    let view = await team(anna);
    expect(view.members.map((m) => [m.name, m.favourite])).toEqual([
      ['Clara', true],
      ['Ben', false],
    ]);
    expect((await team(clara)).members.every((m) => !m.favourite)).toBe(true);
    await star(anna, clara.id, 'DELETE');
    view = await team(anna);
    expect(view.members.map((m) => m.name)).toEqual(['Ben', 'Clara']);
    expect((await star(anna, 99999, 'PUT')).statusCode).toBe(404);
    expect((await star(anna, anna.id, 'PUT')).statusCode).toBe(400);
  });

  it('finds colleagues by name or extension to start a chat', async () => {
    const search = async (q: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/users/search?q=${encodeURIComponent(q)}`, headers: anna.auth })).json().users as { name: string }[];
    expect((await search('dor')).map((u) => u.name)).toEqual(['Dora']);
    expect((await search(dora.extension)).map((u) => u.name)).toEqual(['Dora']);
    expect((await search('anna')).map((u) => u.name)).toEqual([]);
    expect((await search('%')).map((u) => u.name)).toEqual([]);
    const empty = await h.app.inject({ method: 'GET', url: '/api/users/search?q=', headers: anna.auth });
    expect(empty.statusCode).toBe(400);
    expect(sales).toBeGreaterThan(0);
  });
});
