import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@switchboard/server/src/app.js';
import { loadConfig } from '@switchboard/server/src/config.js';
import { openStorage, type Storage } from '@switchboard/server/src/db/database.js';
import { listen } from '@switchboard/server/src/http/listen.js';
import type { Services } from '@switchboard/server/src/services.js';
import { createBenchDatabase } from './postgres.js';

/** The real server, in this process, on a database of its own. */
export interface Switchboard {
  httpUrl: string;
  wsUrl: string;
  storage: Storage;
  services: Services;
  close(): Promise<void>;
}

/** Which database the run uses: PostgreSQL when BENCH_DATABASE_URL names a server, SQLite otherwise. */
export function databaseLabel(): string {
  const url = process.env.BENCH_DATABASE_URL;
  return url ? `PostgreSQL (${new URL(url).host}, a fresh database per scenario)` : 'SQLite (a fresh file in a temporary DATA_DIR per scenario)';
}

/**
 * Every benchmark client connects from 127.0.0.1: scenarios with more sockets than one address may hold
 * (MAX_CONNECTIONS_PER_IP) or open at once (NEW_CONNECTIONS_PER_SECOND_PER_IP), defences against one
 * attacker, lift both; the abuse scenario keeps them.
 */
export const ONE_ADDRESS_FOR_ALL = { MAX_CONNECTIONS_PER_IP: '0', NEW_CONNECTIONS_PER_SECOND_PER_IP: '0' } as const;

/**
 * Load clients send far faster than a person types (a throughput client tens of frames a second, a routing agent a
 * take per offer): scenarios that measure load lift the per-socket frame limit (WS_FRAMES_PER_SECOND, 20 by default,
 * which would close their sockets with 4008 mid-run); the abuse scenario keeps it.
 */
export const LOAD_FRAME_LIMITS = { WS_FRAMES_PER_SECOND: '1000000', WS_FRAME_BURST: '1000000' } as const;

/** `env` adds server settings (as loadConfig reads them from the environment), e.g. higher rate limits. */
export async function startSwitchboard(env: Record<string, string> = {}): Promise<Switchboard> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-'));
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const database = adminUrl ? await createBenchDatabase(adminUrl) : undefined;
  const storage = await openStorage({ dataDir, databaseUrl: database?.url });
  // PostgreSQL setups must name the key that seals channel secrets (one for every node).
  // BENCH_LOG=1: the server's errors on stderr (a run's failures explained).
  const config = loadConfig({
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    ...env,
    DATA_DIR: dataDir,
    DATABASE_URL: database?.url,
    WEB_DIST: '/nonexistent',
  });
  const { app, services } = await buildApp({ config, storage, logger: Boolean(process.env.BENCH_LOG) });
  const { port } = await listen(app, { port: 0, host: '127.0.0.1' });
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    storage,
    services,
    async close() {
      await app.close();
      await storage.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
