import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Db, openStorage, type Storage } from '../db/database.js';
import type { UsersTable } from '../db/schema.js';
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

/** Databases migrated to the latest once per run (testing/global-setup.ts), which every test's database starts as a copy of. */
export interface DatabaseTemplates {
  /** A data folder holding a closed, migrated SQLite database. */
  sqliteDir: string;
  /** A migrated PostgreSQL database nobody is connected to, for CREATE DATABASE … TEMPLATE. */
  postgresName?: string;
  /** Starts the name of every PostgreSQL database this run copies from the template, for the sweep at its end. */
  copyPrefix: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates?: DatabaseTemplates;
  }
}

async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// A test database commits without waiting for the WAL flush: nothing outlives a crash of a test database,
// and commits stop queueing behind the disk of a machine that other runs share. What a query sees is the same.
const noCommitFlush = (name: string) => `alter database ${name} set synchronous_commit = off`;

/** Creates the templates: the migrations run once here rather than once per test (hundreds of times a run). */
export async function createTemplates(): Promise<{ templates: DatabaseTemplates; drop(): Promise<void> }> {
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-template-'));
  // Closing checkpoints the WAL into the database file, so copying the folder copies the whole database.
  await (await openStorage({ dataDir: sqliteDir })).close();
  let postgresName: string | undefined;
  if (await postgresReachable()) {
    postgresName = `sb_template_${run}`;
    await adminQuery(`create database ${postgresName}`, noCommitFlush(postgresName));
    await (await openStorage({ databaseUrl: databaseUrl(postgresName), dataDir: sqliteDir })).close();
  }
  const copyPrefix = `sb_test_${run}_`;
  return {
    templates: { sqliteDir, postgresName, copyPrefix },
    async drop() {
      if (postgresName) {
        // Copies are dropped in the background and one is made ahead per test file: what a file's end cut off goes here.
        const client = new pg.Client({ connectionString: PG_ADMIN_URL });
        await client.connect();
        try {
          // A copy a file made ahead may still be in the making, its file's process gone: ended, so the sweep sees all.
          const making = `select pid from pg_stat_activity where starts_with(lower(query), 'create database ' || $1)`;
          await client.query(`select pg_terminate_backend(pid) from (${making}) m`, [copyPrefix]);
          for (let i = 0; i < 50 && (await client.query(making, [copyPrefix])).rowCount; i++) await new Promise((resolve) => setTimeout(resolve, 100));
          const left = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [copyPrefix]);
          for (const { datname } of left.rows) await client.query(`drop database if exists ${datname} with (force)`);
          await client.query(`drop database if exists ${postgresName} with (force)`);
        } finally {
          await client.end();
        }
      }
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    },
  };
}

async function copyTemplate(template: DatabaseTemplates & { postgresName: string }): Promise<string> {
  const name = `${template.copyPrefix}${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template.postgresName}`, noCommitFlush(name));
  return name;
}

/**
 * The next test's copy, made while this test runs: a copy costs a few hundred milliseconds of waiting on the
 * disk (PostgreSQL writes and flushes every file), which a test file would otherwise wait out test by test.
 */
let spareCopy: Promise<string> | undefined;

function takeCopy(template: DatabaseTemplates & { postgresName: string }): Promise<string> {
  const taken = spareCopy ?? copyTemplate(template);
  spareCopy = copyTemplate(template);
  // A failure shows when a test takes this copy.
  spareCopy.catch(() => {});
  return taken;
}

/**
 * A fresh, migrated database of its own: a temporary SQLite file, or a new PostgreSQL database. It is a copy
 * of the run's template when there is one; migrated step by step when the test migrates only `migrateUpTo`.
 */
export async function createTestStorage(dialect: DialectName, migrateUpTo?: string): Promise<TestStorage> {
  const template = migrateUpTo ? undefined : inject('databaseTemplates');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-'));
  let url: string | undefined;
  let dbName = '';
  let copied = false;
  if (dialect === 'postgres') {
    if (template?.postgresName) {
      dbName = await takeCopy({ ...template, postgresName: template.postgresName });
      copied = true;
    } else {
      dbName = `sb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await adminQuery(`create database ${dbName}`, noCommitFlush(dbName));
    }
    url = databaseUrl(dbName);
  } else if (template) {
    fs.cpSync(template.sqliteDir, dataDir, { recursive: true });
  }
  const location = { databaseUrl: url, dataDir };
  // Opening migrates: a no-op on a template copy that is up to date, and the check that it is.
  const storage = await openStorage({ ...location, migrateUpTo });
  return {
    ...storage,
    location,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!dbName) return;
      const dropping = adminQuery(`drop database if exists ${dbName} with (force)`);
      // A copy is dropped in the background (the run's end sweeps up what a file's end cut off); nothing uses it again.
      if (copied) dropping.catch(() => {});
      else await dropping;
    },
  };
}

/** Bare user rows for tests of storage alone (no password that signs in, no session), named `User 0`, `User 1`, …, extensions 100, 101, …; answers their ids. */
export async function insertUsers(db: Db, roles: readonly UsersTable['role'][]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, role] of roles.entries()) {
    const row = await db
      .insertInto('users')
      .values({ email: `user${i}@example.com`, name: `User ${i}`, role, extension: `${100 + i}`, password_hash: 'x', created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}
