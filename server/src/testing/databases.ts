import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStorage, type Storage } from '../db/database.js';
import type { DialectName } from '../db/dialect.js';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The dialects this run tests against: SQLite always, PostgreSQL when reachable (required under CI=true). */
export async function testDialects(): Promise<DialectName[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true but ${PG_ADMIN_URL} does not answer`);
  console.warn(`[switchboard tests] PostgreSQL at ${PG_ADMIN_URL} not reachable: PostgreSQL variants are skipped`);
  return ['sqlite'];
}

export const dialects = await testDialects();

export interface TestStorage extends Storage {
  /** The DATABASE_URL or data folder, to open the same database again (a restart). */
  location: { databaseUrl?: string; dataDir: string };
  /** Removes the database for good; close it first. */
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own: a temporary SQLite file, or a new PostgreSQL database. */
export async function createTestStorage(dialect: DialectName, migrateUpTo?: string): Promise<TestStorage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-'));
  let databaseUrl: string | undefined;
  let dbName = '';
  if (dialect === 'postgres') {
    dbName = `sb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${dbName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const location = { databaseUrl, dataDir };
  const storage = await openStorage({ ...location, migrateUpTo });
  return {
    ...storage,
    location,
    async drop() {
      if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
