import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { LISTENERS } from './listen.js';

/** A connection that sends half a request and waits, as a slow client does; resolves once connected. */
function holdConnection(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Whether the server closes a fresh connection at once, or answers a request on it. */
function fate(url: string): Promise<'closed' | number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data ? Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]) : 'closed'));
  });
}

describe('connections per client address', () => {
  let h: Harness;
  const held: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of held.splice(0)) socket.destroy();
    await h.close();
  });

  it('refuses connections over the cap at accept, and takes new ones once others close', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    expect(await fate(url)).toBe('closed');
    held.pop()!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fate(url)).toBe(200);
  });

  it('leaves counting to the proxy when one is trusted', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', TRUST_PROXY: '1' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    expect(await fate(url)).toBe(200);
  });

  it.skipIf(process.platform !== 'linux')('refuses connections over the cap before the HTTP server sets them up', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    let seen = 0;
    h.app.server.on('connection', () => seen++);
    const refused = await Promise.all(Array.from({ length: 40 }, () => fate(url)));
    expect(refused).toEqual(Array(40).fill('closed'));
    // The kernel spreads them over the eight sockets: only those of the HTTP server's own socket reach it
    // (about 1 in 8); the others are closed by the socket that accepted them.
    expect(LISTENERS).toBeGreaterThan(1);
    expect(seen).toBeLessThan(20);
  });
});
