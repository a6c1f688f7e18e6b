import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, PASSWORD, type Harness } from '../testing/harness.js';

describe('sign-in and sessions', () => {
  let h: Harness;
  afterEach(() => h.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  it('signs in with a session cookie that is httpOnly and SameSite, usable for the next request', async () => {
    h = await startHarness('sqlite');
    const anna = await h.user('Anna');
    const response = await login(anna.email.toUpperCase(), PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'sb_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await h.app.inject({ method: 'GET', url: '/api/me', cookies: { sb_session: cookie.value } });
    expect(me.json()).toEqual({ user: expect.objectContaining({ id: anna.id, name: 'Anna', role: 'agent' }), status: 'available' });
    expect(JSON.stringify(me.json())).not.toContain('password');
  });

  it('accepts the token as a bearer token and forgets it after logout', async () => {
    h = await startHarness('sqlite');
    const anna = await h.user('Anna');
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: anna.auth })).statusCode).toBe(200);
    const after = await h.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } });
  });

  it('refuses a wrong password or unknown account alike, and a disabled account', async () => {
    h = await startHarness('sqlite');
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna');
    expect((await login(anna.email, 'wrong-password')).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await login('nobody@example.test', 'whatever')).json().error.code).toBe('INVALID_CREDENTIALS');
    await h.app.inject({ method: 'PATCH', url: `/api/admin/users/${anna.id}`, headers: admin.auth, payload: { disabled: true } });
    const disabled = await login(anna.email, PASSWORD);
    expect(disabled.statusCode).toBe(403);
    expect(disabled.json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth })).statusCode).toBe(401);
  });

  it('rate-limits attempts per account, whichever address they come from', async () => {
    h = await startHarness('sqlite', { env: { LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '100' } });
    const email = 'anna@example.test';
    await h.services.users.createUnchecked({ name: 'Anna', email, extension: '555', role: 'agent', password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await login(email, 'guess', `10.0.1.${i}`)).statusCode).toBe(401);
    const blocked = await login(email, PASSWORD, '10.0.1.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await login('other@example.test', 'guess', '10.0.1.99')).statusCode).toBe(401);
  });

  it('rate-limits attempts per address, whichever account they try', async () => {
    h = await startHarness('sqlite', { env: { LOGIN_LIMIT_PER_ACCOUNT: '100', LOGIN_LIMIT_PER_IP: '3' } });
    for (let i = 0; i < 3; i++) expect((await login(`user${i}@example.test`, 'guess', '10.0.2.1')).statusCode).toBe(401);
    expect((await login('user9@example.test', 'guess', '10.0.2.1')).statusCode).toBe(429);
    expect((await login('user9@example.test', 'guess', '10.0.2.2')).statusCode).toBe(401);
  });
});
