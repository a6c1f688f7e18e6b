import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The key channel secrets are sealed with: SECRET_KEY (64 hex characters), or on an embedded setup a key
 * generated into DATA_DIR/secret.key on first start (back it up with the database).
 */
export function loadSecretKey(
  config: { secretKey: string | undefined; dataDir: string; databaseUrl: string | undefined },
  log: (message: string) => void,
): Buffer {
  if (config.secretKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(config.secretKey)) throw new Error('SECRET_KEY must be 64 hex characters (make one with `openssl rand -hex 32`)');
    return Buffer.from(config.secretKey, 'hex');
  }
  if (config.databaseUrl)
    throw new Error('SECRET_KEY is required with DATABASE_URL: every node must seal channel secrets with the same key (`openssl rand -hex 32`)');
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  log(`generated the key that seals channel secrets into ${file}: back it up with the database, or set SECRET_KEY`);
  return key;
}
