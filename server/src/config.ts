import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Set for several server nodes: events travel between them over Redis pub/sub. */
  redisUrl: string | undefined;
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Largest HTTP request body accepted, in bytes. */
  bodyLimit: number;
  /** Largest file that may be sent, in bytes (uploads are streamed; a larger one is refused with 413). */
  maxUploadBytes: number;
  /** Images past either limit (read from their headers) are not rendered but sent as plain files. */
  imageLimits: { maxPixels: number; maxSide: number };
  /** Uploads not sent with a message within this time are deleted (UNSENT_UPLOAD_TTL_MINUTES). */
  unsentUploadTtlMs: number;
  /** How many uploads, and how many bytes, one visitor or one colleague may hold unsent at a time. */
  unsentUploads: { visitor: UploadQuota; agent: UploadQuota };
  /** Largest WebSocket frame accepted, in bytes. */
  wsMaxPayload: number;
  loginLimit: { perIp: number; perAccount: number; windowMs: number };
  /** Per IP and minute: new visitors (visits, offline messages) and visitor messages. */
  visitorLimit: { visitsPerIp: number; messagesPerIp: number; windowMs: number };
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How often waiting chats are routed on; 0 turns the timer off (tests drive the router themselves). */
  routingTickMs: number;
  /** Durable events older than this are pruned; a client resuming from before gets a resync. */
  eventRetentionMs: number;
  webDist: string | undefined;
  logLevel: string;
  /** ISO country whose national phone number format clients recognise in messages (DEFAULT_COUNTRY). */
  defaultCountry: string;
}

export interface UploadQuota {
  files: number;
  bytes: number;
}

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const MB = 1024 * 1024;

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${value}"`);
  return n;
}

function country(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`expected a two-letter country code such as DE, got "${value}"`);
  return code;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 8080);
  const host = env.HOST || '0.0.0.0';
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    bodyLimit: int(env.BODY_LIMIT_BYTES, 1024 * 1024),
    wsMaxPayload: int(env.WS_MAX_PAYLOAD_BYTES, 64 * 1024),
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 25 * 1024 * 1024),
    imageLimits: {
      maxPixels: int(env.IMAGE_MAX_PIXELS, 40_000_000),
      maxSide: int(env.IMAGE_MAX_SIDE, 16_384),
    },
    unsentUploadTtlMs: Math.max(1, int(env.UNSENT_UPLOAD_TTL_MINUTES, 60)) * MINUTE,
    unsentUploads: {
      visitor: { files: int(env.VISITOR_UNSENT_FILES, 20), bytes: int(env.VISITOR_UNSENT_MB, 50) * MB },
      agent: { files: int(env.AGENT_UNSENT_FILES, 100), bytes: int(env.AGENT_UNSENT_MB, 500) * MB },
    },
    loginLimit: {
      perIp: int(env.LOGIN_LIMIT_PER_IP, 20),
      perAccount: int(env.LOGIN_LIMIT_PER_ACCOUNT, 10),
      windowMs: 60_000,
    },
    visitorLimit: {
      visitsPerIp: int(env.VISITOR_LIMIT_PER_IP, 10),
      messagesPerIp: int(env.VISITOR_MESSAGE_LIMIT_PER_IP, 60),
      windowMs: 60_000,
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'switchboard@localhost',
    routingTickMs: int(env.ROUTING_TICK_MS, 1000),
    eventRetentionMs: int(env.EVENT_RETENTION_DAYS, 7) * DAY,
    webDist: env.WEB_DIST || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    defaultCountry: country(env.DEFAULT_COUNTRY, 'DE'),
  };
}
