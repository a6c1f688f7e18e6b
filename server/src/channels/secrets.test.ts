import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secrets.js';

const secrets = { accessToken: 'EAAG-very-secret-token-1234', appSecret: 'app-secret-5678' };

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and the sealed text holds none of the values', () => {
    const sealed = box.seal(secrets);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('very-secret');
    expect(box.open(sealed)).toEqual(secrets);
  });

  it('seals the same values differently each time (a fresh IV), so equal tokens do not show as equal rows', () => {
    expect(box.seal(secrets)).not.toBe(box.seal(secrets));
  });

  it("opens '' (nothing stored) to no secrets", () => {
    expect(box.open('')).toEqual({});
  });

  it('refuses a value sealed with another key, or changed, with a sentence saying so', () => {
    const sealed = box.seal(secrets);
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(/another SECRET_KEY/);
    const [v, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flipped = `${ciphertext.startsWith('A') ? 'B' : 'A'}${ciphertext.slice(1)}`;
    expect(() => box.open([v, iv, tag, flipped].join('.'))).toThrow(/changed/);
    expect(() => box.open('plain-text-token')).toThrow(/not in a known format/);
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });
});

describe('loadSecretKey', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes SECRET_KEY as 64 hex characters or as base64 of 32 bytes', () => {
    const key = randomBytes(32);
    const log = () => undefined;
    expect(loadSecretKey({ secretKey: key.toString('hex'), dataDir: dataDir() }, log)).toEqual(key);
    expect(loadSecretKey({ secretKey: key.toString('base64'), dataDir: dataDir() }, log)).toEqual(key);
    expect(loadSecretKey({ secretKey: key.toString('base64url'), dataDir: dataDir(), databaseUrl: 'postgres://x' }, log)).toEqual(key);
  });

  it('refuses any other SECRET_KEY, saying how to make one', () => {
    for (const bad of ['changeme', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), `${'g'.repeat(64)}`]) {
      expect(() => loadSecretKey({ secretKey: bad, dataDir: dataDir() }, () => undefined)).toThrow(/openssl rand -hex 32/);
    }
  });

  it('on SQLite without SECRET_KEY makes DATA_DIR/secret.key (0600) once, says to back it up, and reuses it', () => {
    const dir = dataDir();
    const lines: string[] = [];
    const first = loadSecretKey({ secretKey: undefined, dataDir: dir }, (msg) => lines.push(msg));
    const file = path.join(dir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/secret\.key.*[Bb]ack it up together with the database/);

    const second = loadSecretKey({ secretKey: undefined, dataDir: dir }, (msg) => lines.push(msg));
    expect(second).toEqual(first);
    expect(lines).toHaveLength(1);
  });

  it('makes DATA_DIR when it does not exist yet (a first start)', () => {
    const dir = path.join(dataDir(), 'fresh');
    expect(loadSecretKey({ secretKey: undefined, dataDir: dir }, () => undefined)).toHaveLength(32);
  });

  it('refuses to start on PostgreSQL without SECRET_KEY: nodes must share the key', () => {
    const dir = dataDir();
    expect(() => loadSecretKey({ secretKey: undefined, dataDir: dir, databaseUrl: 'postgres://db/sb' }, () => undefined)).toThrow(
      /SECRET_KEY is required with DATABASE_URL.*openssl rand -hex 32/,
    );
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });
});
