import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createQueue, createWidget } from '../testing/customer-chat.js';
import { startHarness, type Harness } from '../testing/harness.js';

const SPOOFED = '203.0.113.66';

/** A widget to visit, on a fresh server with these settings. */
async function serverWithWidget(env: Record<string, string>): Promise<{ h: Harness; key: string }> {
  const h = await startHarness('sqlite', { env });
  const admin = await h.user('Root', 'admin');
  const queue = await createQueue(h, admin, { agentIds: [admin.id] });
  return { h, key: (await createWidget(h, admin, { type: 'queue', queueId: queue.id })).key };
}

/** The address the server recorded for a new visitor: what it blocks and rate-limits by. */
async function recordedIp(h: Harness, visitorId: number): Promise<string> {
  const row = await h.storage.db.selectFrom('customer_identities').select('ip').where('customer_id', '=', visitorId).executeTakeFirstOrThrow();
  return row.ip;
}

describe('TRUST_PROXY', () => {
  it('reads a hop count or a list of proxy addresses and CIDRs, and refuses "trust everyone"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/);
  });

  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const visitFrom = async (key: string, remoteAddress: string, forwardedFor: string) => {
    const response = await h!.app.inject({
      method: 'POST',
      url: `/api/widget/${key}/visits`,
      payload: {},
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
    });
    expect(response.statusCode).toBe(200);
    return recordedIp(h!, response.json().visitorId);
  };

  it('with a hop count, believes only that many hops from the right', async () => {
    let key: string;
    ({ h, key } = await serverWithWidget({ TRUST_PROXY: '1' }));
    expect(await visitFrom(key, '10.0.0.5', `${SPOOFED}, 198.51.100.9`)).toBe('198.51.100.9');
    await h.close();
    ({ h, key } = await serverWithWidget({ TRUST_PROXY: '2' }));
    expect(await visitFrom(key, '10.0.0.5', `${SPOOFED}, 198.51.100.9, 10.0.0.4`)).toBe('198.51.100.9');
  });

  it('with a proxy list, believes hops only while they come from a listed proxy', async () => {
    let key: string;
    ({ h, key } = await serverWithWidget({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }));
    expect(await visitFrom(key, '10.0.0.5', `${SPOOFED}, 198.51.100.9, 10.1.2.3`)).toBe('198.51.100.9');
    // A client reaching the server directly cannot claim another address.
    expect(await visitFrom(key, '198.51.100.20', SPOOFED)).toBe('198.51.100.20');
  });

  it('without it, ignores X-Forwarded-For', async () => {
    let key: string;
    ({ h, key } = await serverWithWidget({}));
    expect(await visitFrom(key, '198.51.100.20', SPOOFED)).toBe('198.51.100.20');
  });
});

const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((candidate) => fs.existsSync(candidate));
if (!haproxy) {
  if (process.env.CI === 'true') throw new Error('haproxy is required under CI (apt-get install haproxy; see .ci/run)');
  console.warn('NOTICE: haproxy is not installed; skipping the real reverse proxy test (apt-get install haproxy)');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true)).on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

/** HAProxy on a random port in front of the app, adding the client's address as one more X-Forwarded-For hop. */
async function startHaproxy(appPort: number): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(
    config,
    [
      'global',
      '  maxconn 64',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 30s',
      '  timeout server 30s',
      'frontend edge',
      `  bind 127.0.0.1:${port}`,
      '  option forwardfor',
      '  default_backend app',
      'backend app',
      `  server app 127.0.0.1:${appPort}`,
      '',
    ].join('\n'),
  );
  expect(spawnSync(haproxy!, ['-c', '-f', config]).status).toBe(0);
  const child: ChildProcess = spawn(haproxy!, ['-db', '-f', config], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!haproxy)('behind a real HAProxy', () => {
  let h: Harness | undefined;
  let proxy: { url: string; stop: () => void } | undefined;
  afterEach(async () => {
    proxy?.stop();
    await h?.close();
  });

  it('with TRUST_PROXY=1 records the address HAProxy saw, not the one the client wrote', async () => {
    let key: string;
    ({ h, key } = await serverWithWidget({ TRUST_PROXY: '1' }));
    proxy = await startHaproxy(Number(new URL(await h.listen()).port));
    const response = await fetch(`${proxy.url}/api/widget/${key}/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': SPOOFED },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const { visitorId } = (await response.json()) as { visitorId: number };
    expect(await recordedIp(h, visitorId)).toBe('127.0.0.1');
  });
});
