import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/clock.js';
import { dialects } from '../testing/databases.js';
import { PASSWORD, startHarness, type Harness, type HarnessOptions } from '../testing/harness.js';
import { startSmtp, type TestSmtp } from '../testing/smtp.js';

describe.each(dialects)('forgot password by email on %s', (dialect) => {
  let smtp: TestSmtp;
  let h: Harness;
  const clock = new FakeClock();

  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await h.close();
    await smtp.close();
  });

  const start = async (env: Record<string, string> = { SMTP_URL: smtp.url, MAIL_FROM: 'switchboard@acme.example' }, options: HarnessOptions = {}) => {
    h = await startHarness(dialect, { env: { PUBLIC_URL: 'https://chat.acme.example', ...env }, ...options });
  };
  const forgot = (email: string, language?: string, ip = '10.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email, ...(language ? { language } : {}) }, remoteAddress: ip });
  const reset = (token: string, newPassword: string) => h.app.inject({ method: 'POST', url: '/api/auth/reset-password', payload: { token, newPassword } });
  const login = (email: string, password: string) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  /** The mail goes out after the answer: wait for it to arrive at the SMTP server, and for no other. */
  const nextMail = async (count = 1) => {
    const mail = await smtp.mail(count);
    expect(smtp.received).toHaveLength(count);
    return mail;
  };
  const linkIn = (mail: ParsedMail) => /https:\/\/chat\.acme\.example\/#\/reset-password\/([\w-]+)/.exec(mail.text ?? '')?.[1] ?? '';

  it('offers the reset only where SMTP is configured', async () => {
    await start({});
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/options' })).json()).toEqual({ passwordReset: false });
    const anna = await h.user('Anna');
    const refused = await forgot(anna.email);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('NOT_FOUND');
    await h.close();
    await start();
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/options' })).json()).toEqual({ passwordReset: true });
  });

  it('mails a link that sets a new password once, signs in, and ends the old sessions', async () => {
    await start();
    const anna = await h.user('Anna Agent');
    const asked = await forgot(anna.email.toUpperCase());
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toEqual({ ok: true });
    const mail = await nextMail();
    expect(mail.subject).toBe('Switchboard: reset your password');
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([{ address: anna.email, name: 'Anna Agent' }]);
    expect(mail.from?.value).toEqual([{ address: 'switchboard@acme.example', name: 'Switchboard' }]);
    const token = linkIn(mail);
    expect(token.length).toBeGreaterThan(30);

    const done = await reset(token, 'a-fresh-password');
    expect(done.statusCode).toBe(200);
    expect(done.json().user.id).toBe(anna.id);
    const cookie = done.cookies.find((c) => c.name === 'sb_session')!;
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies: { sb_session: cookie.value } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth })).statusCode).toBe(401);
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(anna.email, 'a-fresh-password')).statusCode).toBe(200);

    const again = await reset(token, 'another-password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('RESET_LINK_INVALID');
    expect((await login(anna.email, 'a-fresh-password')).statusCode).toBe(200);
  });

  it('stores only a hash of the link token', async () => {
    await start();
    const anna = await h.user('Anna');
    await forgot(anna.email);
    const token = linkIn(await nextMail());
    const rows = await h.storage.db.selectFrom('password_reset_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('answers the same for an unknown or disabled address, and mails nobody', async () => {
    await start();
    const admin = await h.user('Root', 'admin');
    const dora = await h.user('Dora');
    await h.app.inject({ method: 'PATCH', url: `/api/admin/users/${dora.id}`, headers: admin.auth, payload: { disabled: true } });
    const known = await forgot(admin.email);
    const unknown = await forgot('nobody@example.test');
    const disabled = await forgot(dora.email);
    for (const answer of [unknown, disabled]) {
      expect(answer.statusCode).toBe(known.statusCode);
      expect(answer.body).toBe(known.body);
    }
    await nextMail(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.map((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address)).toEqual([admin.email]);
  });

  it('lets a link expire after an hour', async () => {
    await start(undefined, { clock });
    const anna = await h.user('Anna');
    await forgot(anna.email);
    const token = linkIn(await nextMail());
    clock.advance(61 * 60_000);
    expect((await reset(token, 'a-fresh-password')).json().error.code).toBe('RESET_LINK_INVALID');
    expect((await login(anna.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a made-up token and a link whose account was disabled since', async () => {
    await start();
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna');
    expect((await reset('made-up-token-made-up-token-made-up', 'a-fresh-password')).json().error.code).toBe('RESET_LINK_INVALID');
    await forgot(anna.email);
    const token = linkIn(await nextMail());
    await h.app.inject({ method: 'PATCH', url: `/api/admin/users/${anna.id}`, headers: admin.auth, payload: { disabled: true } });
    expect((await reset(token, 'a-fresh-password')).json().error.code).toBe('RESET_LINK_INVALID');
  });

  it('mails in German when asked from a German sign-in screen', async () => {
    await start();
    const anna = await h.user('Anna');
    await forgot(anna.email, 'de');
    const mail = await nextMail();
    expect(mail.subject).toBe('Switchboard: Passwort zurücksetzen');
    expect(mail.text).toContain('Über diesen Link wählen Sie ein neues Passwort');
  });

  it('limits reset mails per address, whichever network asks', async () => {
    await start({ SMTP_URL: smtp.url, PASSWORD_RESET_LIMIT: '2' });
    const anna = await h.user('Anna');
    expect((await forgot(anna.email, 'en', '10.0.0.1')).statusCode).toBe(200);
    expect((await forgot(anna.email, 'en', '10.0.0.2')).statusCode).toBe(200);
    const third = await forgot(anna.email, 'en', '10.0.0.3');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('RATE_LIMITED');
    // The unknown address is limited alike: the limit tells nothing about who has an account.
    for (const ip of ['10.0.0.1', '10.0.0.2']) await forgot('nobody@example.test', 'en', ip);
    expect((await forgot('nobody@example.test', 'en', '10.0.0.3')).statusCode).toBe(429);
    await nextMail(2);
  });
});
