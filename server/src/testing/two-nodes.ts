import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type Built } from '../app.js';
import type { Clock } from '../clock.js';
import { openStorage } from '../db/database.js';
import { RedisBus } from '../events/redis-bus.js';
import { dialects } from './databases.js';
import { startHarness, type Harness } from './harness.js';
import { REDIS_URL, redisReachable } from './redis.js';

/** Whether two nodes can run here (PostgreSQL and Redis); under CI=true they must. */
export async function twoNodesReady(): Promise<boolean> {
  const ready = dialects.includes('postgres') && (await redisReachable());
  if (!ready && process.env.CI === 'true') throw new Error('PostgreSQL and Redis are required under CI=true');
  return ready;
}

/** Two listening server nodes on one PostgreSQL database, their events on a Redis channel of their own. */
export interface TwoNodes {
  /** The harness node (users, the database, `url`). */
  nodeA: Harness;
  nodeB: Built;
  urlB: string;
  /** The Redis channel their events travel on. */
  channel: string;
  close(): Promise<void>;
}

/** Starts node A (a harness) and node B (a second app on the same database), each with its own clock when given. */
export async function startTwoNodes(clocks: { a?: Clock; b?: Clock } = {}): Promise<TwoNodes> {
  const channel = `switchboard:test:${randomBytes(4).toString('hex')}`;
  const nodeA = await startHarness('postgres', { bus: await RedisBus.connect(REDIS_URL, channel), clock: clocks.a });
  await nodeA.listen();
  const storageB = await openStorage(nodeA.storage.location);
  // A DATA_DIR of its own, as on another machine: only the database and Redis are shared.
  const dataDirB = mkdtempSync(path.join(os.tmpdir(), 'switchboard-node-b-'));
  const configB = { ...nodeA.config, dataDir: dataDirB };
  const nodeB = await buildApp({ config: configB, storage: storageB, logger: false, clock: clocks.b, bus: await RedisBus.connect(REDIS_URL, channel) });
  nodeB.app.addHook('onClose', async () => {
    await storageB.close();
    rmSync(dataDirB, { recursive: true, force: true });
  });
  await nodeB.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    nodeA,
    nodeB,
    urlB: `http://127.0.0.1:${(nodeB.app.server.address() as { port: number }).port}`,
    channel,
    async close() {
      await nodeB.app.close();
      await nodeA.close();
    },
  };
}
