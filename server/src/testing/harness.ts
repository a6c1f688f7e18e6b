import type { AddressInfo } from 'node:net';
import type { CreateUser, Role, User } from '@switchboard/protocol';
import { buildApp, type Built } from '../app.js';
import { lowerHashCostForTests } from '../auth/passwords.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import { loadConfig, type Config } from '../config.js';
import { openStorage } from '../db/database.js';
import { listen } from '../http/listen.js';
import type { AnyDb, DialectName } from '../db/dialect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createTestStorage, type TestStorage } from './databases.js';

export const PASSWORD = 'correct-horse-battery';

// Still scrypt, at 1/16 of the production work: every test account is hashed once and signed in at least once.
lowerHashCostForTests(1024);

export interface TestUser extends User {
  token: string;
  /** Authorization header for inject and fetch. */
  auth: { authorization: string };
}

export interface Harness extends Built {
  storage: TestStorage;
  config: Config;
  /** http://127.0.0.1:port once `listen()` was called. */
  url: string;
  listen(): Promise<string>;
  user(name: string, role?: Role, extra?: Partial<CreateUser>): Promise<TestUser>;
  login(email: string, password?: string): Promise<TestUser>;
  /** Closes this app and opens a new one on the same database, as a server restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let extensionCounter = 200;

export interface HarnessOptions {
  env?: Record<string, string>;
  clock?: Clock;
  bus?: EventBus;
  random?: () => number;
  /** Turns request logging on, into this stream. */
  logStream?: import('node:stream').Writable;
  /** An upgrade: the database is migrated up to `upTo`, given `seed`'s rows, then migrated to the latest. */
  upgrade?: { upTo: string; seed(db: AnyDb): Promise<void> };
}

export async function startHarness(dialect: DialectName, options: HarnessOptions = {}): Promise<Harness> {
  const storage = await createTestStorage(dialect, options.upgrade?.upTo);
  if (options.upgrade) {
    await options.upgrade.seed(storage.db);
    await migrateToLatest(storage.db, dialect);
  }
  const config = loadConfig({
    DATA_DIR: storage.location.dataDir,
    WEB_DIST: '/nonexistent',
    ROUTING_TICK_MS: '0',
    LOGIN_LIMIT_PER_IP: '10000',
    LOGIN_LIMIT_PER_ACCOUNT: '10000',
    ...options.env,
  });
  const make = (s = storage) =>
    buildApp({
      config,
      storage: s,
      logger: options.logStream !== undefined,
      logStream: options.logStream,
      clock: options.clock,
      bus: options.bus,
      random: options.random,
    });
  let built = await make();
  let listening = false;

  const harness: Harness = {
    ...built,
    storage,
    config,
    url: '',
    async listen() {
      // As the server listens in production (several sockets on Linux): `app.close()` waits for every socket's
      // connections, which tests that stop the server mid-test (e2e/pwa.test.ts) rely on.
      const { port } = await listen(harness.app, { port: 0, host: '127.0.0.1' });
      listening = true;
      harness.url = `http://127.0.0.1:${port}`;
      // Browsers (e2e) open /ws from this address: it is the public URL whose origin the upgrade must carry.
      if (!options.env?.PUBLIC_URL) config.publicUrl = harness.url;
      return harness.url;
    },
    async user(name, role = 'agent', extra = {}) {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${extensionCounter}@example.test`;
      await harness.services.users.createUnchecked({
        name,
        email,
        extension: String(extensionCounter++),
        role,
        password: PASSWORD,
        ...extra,
      });
      return harness.login(extra.email ?? email, extra.password ?? PASSWORD);
    },
    async login(email, password = PASSWORD) {
      const response = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const body = response.json() as { token: string; user: User };
      return { ...body.user, token: body.token, auth: { authorization: `Bearer ${body.token}` } };
    },
    async restart() {
      const port = listening ? (harness.app.server.address() as AddressInfo).port : 0;
      await harness.app.close();
      await storage.close();
      const reopened = await openStorage(storage.location);
      Object.assign(storage, { db: reopened.db, ping: reopened.ping, close: reopened.close });
      built = await make(storage);
      harness.app = built.app;
      harness.services = built.services;
      if (listening) await listen(harness.app, { port, host: '127.0.0.1' }, 1);
    },
    async close() {
      await harness.app.close();
      await storage.close();
      await storage.drop();
    },
  };
  return harness;
}
