import type { Group, User } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('administration of users and groups on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let manager: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Root', 'admin');
    manager = await h.user('Max', 'manager');
  });
  afterEach(() => h.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: user.auth, payload });

  const newUser = { name: 'Dora', email: 'dora@example.test', extension: '321', role: 'agent', password: 'long-enough-1' };

  it('lets an admin create, edit and disable users', async () => {
    const created = await call(admin, 'POST', '/api/admin/users', newUser);
    expect(created.statusCode).toBe(201);
    const dora = created.json() as User;
    expect(dora).toEqual({ id: expect.any(Number), name: 'Dora', email: 'dora@example.test', extension: '321', role: 'agent', disabled: false });
    const edited = await call(admin, 'PATCH', `/api/admin/users/${dora.id}`, { name: 'Dora D.', role: 'manager' });
    expect(edited.json()).toMatchObject({ name: 'Dora D.', role: 'manager' });
    await call(admin, 'PATCH', `/api/admin/users/${dora.id}`, { disabled: true });
    const list = (await call(admin, 'GET', '/api/admin/users')).json() as { users: User[] };
    expect(list.users.find((u) => u.id === dora.id)).toMatchObject({ disabled: true });
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'dora@example.test', password: 'long-enough-1' } });
    expect(login.statusCode).toBe(403);
  });

  it('refuses duplicates with 409 and bad input with 400 naming the field, storing nothing', async () => {
    expect((await call(admin, 'POST', '/api/admin/users', newUser)).statusCode).toBe(201);
    const sameEmail = await call(admin, 'POST', '/api/admin/users', { ...newUser, extension: '322' });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().error.message).toContain('dora@example.test');
    const sameExtension = await call(admin, 'POST', '/api/admin/users', { ...newUser, email: 'x@example.test' });
    expect(sameExtension.json().error.message).toContain('Extension 321');
    for (const [patch, field] of [
      [{ email: 'not-an-email' }, 'email'],
      [{ extension: '12a' }, 'extension'],
      [{ password: 'short' }, 'password'],
      [{ role: 'king' }, 'role'],
    ] as const) {
      const response = await call(admin, 'POST', '/api/admin/users', { ...newUser, ...{ email: 'y@example.test', extension: '399' }, ...patch });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toContain(`body.${field}`);
    }
    const list = (await call(admin, 'GET', '/api/admin/users')).json() as { users: User[] };
    expect(list.users.map((u) => u.name).sort()).toEqual(['Dora', 'Max', 'Root']);
  });

  it('keeps an admin from locking themselves out', async () => {
    const response = await call(admin, 'PATCH', `/api/admin/users/${admin.id}`, { disabled: true });
    expect(response.statusCode).toBe(400);
  });

  it('refuses every admin route to managers and agents', async () => {
    const agent = await h.user('Anna');
    for (const user of [manager, agent]) {
      expect((await call(user, 'GET', '/api/admin/users')).statusCode).toBe(403);
      expect((await call(user, 'POST', '/api/admin/users', newUser)).statusCode).toBe(403);
      expect((await call(user, 'PATCH', `/api/admin/users/${user.id}`, { role: 'admin' })).statusCode).toBe(403);
      expect((await call(user, 'GET', '/api/admin/groups')).statusCode).toBe(403);
      expect((await call(user, 'POST', '/api/admin/groups', { name: 'Mine', members: [] })).statusCode).toBe(403);
    }
    expect((await call(admin, 'GET', '/api/admin/users')).json().users.find((u: User) => u.id === manager.id).role).toBe('manager');
  });

  it('manages groups, their members and managers', async () => {
    const agent = await h.user('Anna');
    const created = await call(admin, 'POST', '/api/admin/groups', {
      name: 'Sales',
      members: [
        { userId: manager.id, isManager: true },
        { userId: agent.id, isManager: false },
      ],
    });
    expect(created.statusCode).toBe(201);
    const sales = created.json() as Group;
    const renamed = await call(admin, 'PUT', `/api/admin/groups/${sales.id}`, { name: 'Sales DACH', members: [{ userId: agent.id, isManager: true }] });
    expect(renamed.json()).toEqual({ id: sales.id, name: 'Sales DACH', members: [{ userId: agent.id, isManager: true }] });
    const unknownMember = await call(admin, 'PUT', `/api/admin/groups/${sales.id}`, { name: 'X', members: [{ userId: 99999, isManager: false }] });
    expect(unknownMember.statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/admin/groups')).json().groups[0].name).toBe('Sales DACH');
    expect((await call(admin, 'DELETE', `/api/admin/groups/${sales.id}`)).statusCode).toBe(200);
    expect((await call(admin, 'DELETE', `/api/admin/groups/${sales.id}`)).statusCode).toBe(404);
  });
});
