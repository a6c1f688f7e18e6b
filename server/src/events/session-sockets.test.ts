import { CloseCodes } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/clock.js';
import { createWidget, TestVisitor } from '../testing/customer-chat.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { sweepSockets } from './routes.js';

const wsUrl = (h: Harness, path = '/ws') => `${h.url.replace('http', 'ws')}${path}`;

describe('which sockets a session may open and keep', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  const start = async () => {
    h = await startHarness('sqlite');
    await h.listen();
  };
  const keep = (socket: TestSocket) => (sockets.push(socket), socket);

  it('closes the socket of a session that logs out, and only that one', async () => {
    await start();
    const anna = await h.user('Anna');
    const otherTab = await h.login(anna.email);
    const loggingOut = keep(await TestSocket.connect(h.url, anna.token));
    const staying = keep(await TestSocket.connect(h.url, otherTab.token));
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: anna.auth })).statusCode).toBe(200);
    expect(await loggingOut.closed()).toBe(CloseCodes.SIGNED_OUT);
    staying.send({ type: 'ping' });
    await staying.nextNew('pong');
    expect(staying.closeCode).toBeUndefined();
  });

  it('closes a socket whose session expired, at the next keepalive sweep', async () => {
    const clock = new FakeClock();
    h = await startHarness('sqlite', { clock });
    await h.listen();
    const anna = await h.user('Anna');
    const socket = keep(await TestSocket.connect(h.url, anna.token));
    sweepSockets(h.services.hub, h.services.auth);
    expect(socket.closeCode).toBeUndefined();
    clock.advance(31 * 24 * 60 * 60 * 1000);
    sweepSockets(h.services.hub, h.services.auth);
    expect(await socket.closed()).toBe(CloseCodes.SIGNED_OUT);
  });

  it('closes every socket of a user whose password is changed', async () => {
    await start();
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna');
    const secondSession = await h.login(anna.email);
    const first = keep(await TestSocket.connect(h.url, anna.token));
    const second = keep(await TestSocket.connect(h.url, secondSession.token));
    const changed = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${anna.id}`,
      headers: admin.auth,
      payload: { password: 'a-new-long-password' },
    });
    expect(changed.statusCode).toBe(200);
    expect([await first.closed(), await second.closed()]).toEqual([CloseCodes.SIGNED_OUT, CloseCodes.SIGNED_OUT]);
  });

  it('refuses a cookie-authenticated upgrade from another origin or without one, with 403', async () => {
    await start();
    const anna = await h.user('Anna');
    const cookie = { cookie: `sb_session=${anna.token}` };
    await expect(TestSocket.connectUrl(wsUrl(h), { ...cookie, origin: 'https://evil.example' })).rejects.toThrow('upgrade refused: 403');
    await expect(TestSocket.connectUrl(wsUrl(h), cookie)).rejects.toThrow('upgrade refused: 403');
    const own = keep(await TestSocket.connectUrl(wsUrl(h), { ...cookie, origin: new URL(h.url).origin }));
    expect(own.events[0]?.type).toBe('ready');
  });

  it('lets a bearer-token client connect without an Origin', async () => {
    await start();
    const anna = await h.user('Anna');
    const socket = keep(await TestSocket.connectUrl(wsUrl(h), anna.auth));
    expect(socket.events[0]?.type).toBe('ready');
  });

  it("takes the visitor's socket from any origin (the widget runs on customers' sites), with the token as a subprotocol", async () => {
    await start();
    const admin = await h.user('Root', 'admin');
    const widget = await createWidget(h, admin, { type: 'extension', userId: admin.id });
    const jane = await TestVisitor.start(h, widget.key);
    const socket = keep(
      await TestSocket.connectUrl(wsUrl(h, '/ws/visitor'), { origin: 'https://customer.example' }, ['switchboard.visitor', `visitor-token.${jane.token}`]),
    );
    expect(socket.events[0]?.type).toBe('ready');
    expect(socket.ws.protocol).toBe('switchboard.visitor');
    // Offered first, the token is still never echoed back in the response's headers.
    const reversed = keep(await TestSocket.connectUrl(wsUrl(h, '/ws/visitor'), {}, [`visitor-token.${jane.token}`, 'switchboard.visitor']));
    expect(reversed.ws.protocol).toBe('switchboard.visitor');
  });
});
