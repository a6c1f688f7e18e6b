import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestGauge } from './request-gauge.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose answers wait until the test releases them. */
async function holdingServer() {
  const held: http.ServerResponse[] = [];
  server = http.createServer((_request, response) => held.push(response));
  const gauge = new RequestGauge(server);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { gauge, held, url };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('RequestGauge', () => {
  it('is busy while a request is unanswered, and not once it is answered', async () => {
    const { gauge, held, url } = await holdingServer();
    expect(gauge.busy()).toBe(false);
    const answered = fetch(url).then((r) => r.text());
    await until(() => held.length === 1);
    expect(gauge.busy()).toBe(true);
    held[0]!.end('ok');
    expect(await answered).toBe('ok');
    expect(gauge.busy()).toBe(false);
  });

  it('forgets a request whose client went away', async () => {
    const { gauge, held, url } = await holdingServer();
    const aborted = new AbortController();
    const gone = fetch(url, { signal: aborted.signal }).catch(() => 'aborted');
    await until(() => held.length === 1);
    aborted.abort();
    expect(await gone).toBe('aborted');
    await until(() => !gauge.busy());
    expect(gauge.busy()).toBe(false);
  });

  it('gives way while busy, but only up to its limit', async () => {
    const { gauge, held, url } = await holdingServer();
    const answered = fetch(url).then((r) => r.text());
    await until(() => held.length === 1);
    const started = performance.now();
    await gauge.giveWay(0, 30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(gauge.busy()).toBe(true);
    held[0]!.end('ok');
    await answered;
  });

  it('leaves requests half the time while they keep arriving, and none once they stopped', async () => {
    const { gauge, held, url } = await holdingServer();
    const answered = fetch(url).then((r) => r.text());
    await until(() => held.length === 1);
    held[0]!.end('ok');
    await answered;
    expect(gauge.arriving()).toBe(true);
    let started = performance.now();
    await gauge.giveWay(40, 0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gauge.arriving()).toBe(false);
    started = performance.now();
    await gauge.giveWay(40, 0);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
