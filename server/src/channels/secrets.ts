import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HOW_TO_MAKE = 'Make one with `openssl rand -hex 32`';

/**
 * Channel account secrets (access tokens, app secrets) at rest: AES-256-GCM, so a changed or
 * wrong-key value is refused rather than read as garbage. Sealed text: `v1.<iv>.<tag>.<ciphertext>`,
 * each part base64url; the version leaves room for a later key rotation.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`SecretBox needs a 32-byte key, got ${key.length} bytes`);
  }

  seal(value: Record<string, string>): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** '' (no secrets stored) opens to {}; anything not sealed with this key throws. */
  open(sealed: string): Record<string, string> {
    if (sealed === '') return {};
    const [version, iv, tag, ciphertext, extra] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || extra !== undefined) {
      throw new Error('Stored channel secrets are not in a known format');
    }
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Stored channel secrets cannot be opened: they were changed, or sealed with another SECRET_KEY');
    }
    const parsed: unknown = JSON.parse(plain);
    if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) {
      throw new Error('Stored channel secrets are not a set of texts');
    }
    return parsed as Record<string, string>;
  }
}

/** SECRET_KEY as 64 hex characters or the base64 of 32 bytes; anything else stops the start. */
function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  throw new Error(`SECRET_KEY must be 32 bytes as 64 hex characters or base64. ${HOW_TO_MAKE}.`);
}

/**
 * The key that seals channel secrets. SECRET_KEY wins. Without it, one embedded (SQLite) server makes
 * its own in DATA_DIR/secret.key on the first start; on PostgreSQL several nodes share the database, and
 * a key made on one node would leave the others unable to read the secrets, so the start is refused.
 */
export function loadSecretKey(config: { secretKey: string | undefined; dataDir: string; databaseUrl?: string }, log: (msg: string) => void): Buffer {
  if (config.secretKey) return parseKey(config.secretKey);
  if (config.databaseUrl) {
    throw new Error(
      `SECRET_KEY is required with DATABASE_URL: every server node must seal and open channel secrets with the same key. ${HOW_TO_MAKE} and set it on every node.`,
    );
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(config.dataDir, { recursive: true });
  // 'wx': never overwrite a key another process wrote a moment ago; its secrets would become unreadable.
  fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  log(`Created ${file}, the key that encrypts channel secrets. Back it up together with the database: without it, saved tokens cannot be read.`);
  return parseKey(fs.readFileSync(file, 'utf8'));
}
