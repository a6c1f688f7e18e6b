import { CloseCodes } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { PASSWORD, startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('my account and an admin password reset on %s', (dialect) => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  beforeEach(async () => {
    h = await startHarness(dialect);
    await h.listen();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: user.auth, payload });
  const login = (email: string, password: string, newPassword?: string) =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, ...(newPassword ? { newPassword } : {}) } });
  const socketOf = async (user: TestUser) => {
    const socket = await TestSocket.connect(h.url, user.token);
    sockets.push(socket);
    return socket;
  };

  it('changes my display name, for me and for the colleagues who list the team', async () => {
    const anna = await h.user('Anna Agent');
    const ben = await h.user('Ben');
    const renamed = await call(anna, 'PATCH', '/api/me', { name: '  Anna Schmidt ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: anna.id, name: 'Anna Schmidt', email: anna.email });
    expect((await call(anna, 'GET', '/api/me')).json().user.name).toBe('Anna Schmidt');
    const found = JSON.stringify((await call(ben, 'GET', '/api/users/search?q=Anna')).json());
    expect(found).toContain('Anna Schmidt');
    expect(found).not.toContain('Anna Agent');
  });

  it("tells every colleague's client the new name live, and one that was away when it reconnects", async () => {
    const anna = await h.user('Anna Agent');
    const ben = await h.user('Ben');
    const admin = await h.user('Root', 'admin');
    const live = await socketOf(ben);
    const seqBefore = (await live.next('ready')).lastSeq;
    expect(seqBefore).toBeGreaterThanOrEqual(0);
    expect((await call(anna, 'PATCH', '/api/me', { name: 'Anna Schmidt' })).statusCode).toBe(200);
    expect(await live.nextNew('user.renamed')).toMatchObject({ userId: anna.id, name: 'Anna Schmidt' });

    // An admin renames Anna while Ben is away: Ben's stream holds it for his reconnect.
    await live.close();
    expect((await call(admin, 'PATCH', `/api/admin/users/${anna.id}`, { name: 'Anna Weber' })).statusCode).toBe(200);
    const back = await TestSocket.connect(h.url, ben.token, seqBefore);
    sockets.push(back);
    await back.next((e) => e.type === 'user.renamed' && e.name === 'Anna Weber');
    const renames = back.durable().flatMap((e) => (e.type === 'user.renamed' ? [[e.userId, e.name]] : []));
    expect(renames).toEqual([
      [anna.id, 'Anna Schmidt'],
      [anna.id, 'Anna Weber'],
    ]);
  });

  it('refuses an empty display name and leaves the old one', async () => {
    const anna = await h.user('Anna Agent');
    const response = await call(anna, 'PATCH', '/api/me', { name: '   ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect((await call(anna, 'GET', '/api/me')).json().user.name).toBe('Anna Agent');
  });

  it('changes my password with the current one, signs out my other sessions and sockets, keeps this one', async () => {
    const anna = await h.user('Anna');
    const otherTab = await h.login(anna.email);
    const here = await socketOf(anna);
    const there = await socketOf(otherTab);
    const changed = await call(anna, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-secret' });
    expect(changed.statusCode).toBe(200);
    expect(await there.closed()).toBe(CloseCodes.SIGNED_OUT);
    expect((await call(otherTab, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(anna, 'GET', '/api/me')).statusCode).toBe(200);
    here.send({ type: 'ping' });
    await here.nextNew('pong');
    expect(here.closeCode).toBeUndefined();
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(anna.email, 'a-brand-new-secret')).statusCode).toBe(200);
  });

  it('refuses a password change with a wrong current password, without signing me out', async () => {
    const anna = await h.user('Anna');
    const response = await call(anna, 'POST', '/api/me/password', { currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('WRONG_PASSWORD');
    expect((await call(anna, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a new password shorter than 8 characters', async () => {
    const anna = await h.user('Anna');
    const response = await call(anna, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(response.statusCode).toBe(400);
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(200);
  });

  it('lets every role change their own name and password', async () => {
    for (const role of ['admin', 'manager', 'agent'] as const) {
      const me = await h.user(`Someone ${role}`, role);
      expect((await call(me, 'PATCH', '/api/me', { name: `Renamed ${role}` })).json().name).toBe(`Renamed ${role}`);
      const changed = await call(me, 'POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: `${role}-new-secret` });
      expect(changed.statusCode).toBe(200);
      expect((await login(me.email, `${role}-new-secret`)).statusCode).toBe(200);
    }
  });

  it('needs a signed-in person for my account', async () => {
    expect((await h.app.inject({ method: 'PATCH', url: '/api/me', payload: { name: 'X' } })).statusCode).toBe(401);
    const anonymous = await h.app.inject({ method: 'POST', url: '/api/me/password', payload: { currentPassword: PASSWORD, newPassword: 'whatever-long' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets an admin reset a password to a one-time password that signs in only to choose a new one', async () => {
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna');
    const annasSocket = await socketOf(anna);
    const reset = await call(admin, 'POST', `/api/admin/users/${anna.id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const { oneTimePassword } = reset.json() as { oneTimePassword: string };
    expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await annasSocket.closed()).toBe(CloseCodes.SIGNED_OUT);
    expect((await call(anna, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(401);

    const withoutNew = await login(anna.email, oneTimePassword);
    expect(withoutNew.statusCode).toBe(403);
    expect(withoutNew.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(withoutNew.cookies).toEqual([]);
    expect((await login(anna.email, oneTimePassword, oneTimePassword)).statusCode).toBe(400);

    const chosen = await login(anna.email, oneTimePassword, 'annas-own-secret');
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().user.id).toBe(anna.id);
    // One-time: it is gone once used; the password Anna chose is the one that works now.
    expect((await login(anna.email, oneTimePassword, 'yet-another-one')).statusCode).toBe(401);
    expect((await login(anna.email, 'annas-own-secret')).statusCode).toBe(200);
  });

  it('tells a wrong one-time password apart from nothing: the same refusal as any wrong password', async () => {
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna');
    await call(admin, 'POST', `/api/admin/users/${anna.id}/password-reset`);
    const wrong = await login(anna.email, 'aaaa-bbbb-cccc-dddd', 'annas-own-secret');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('lets only admins reset a password, and not their own', async () => {
    const admin = await h.user('Root', 'admin');
    const manager = await h.user('Max', 'manager');
    const agent = await h.user('Anna');
    for (const who of [manager, agent]) {
      const refused = await call(who, 'POST', `/api/admin/users/${admin.id}/password-reset`);
      expect(refused.statusCode).toBe(403);
    }
    expect((await login(admin.email, PASSWORD)).statusCode).toBe(200);
    const own = await call(admin, 'POST', `/api/admin/users/${admin.id}/password-reset`);
    expect(own.statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/admin/users/99999/password-reset')).statusCode).toBe(404);
  });
});
