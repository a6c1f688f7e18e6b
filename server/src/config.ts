import net from 'node:net';
import path from 'node:path';
import { META_GRAPH_URL_DEFAULT } from './channels/whatsapp/graph-client.js';
import type { IceConfig } from './calls/ice.js';
import type { AdmissionLimits } from './http/connection-admission.js';

export interface Config {
  /** ICE servers handed to a call's parties: STUN_URLS, TURN_URLS, TURN_SECRET, TURN_TTL_SECONDS. */
  ice: IceConfig;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** DATABASE_PREPARED_STATEMENTS=0: no named prepared statements on PostgreSQL (db/prepared-statements.ts). */
  databasePreparedStatements: boolean;
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
  /** How long after sending colleagues may edit or delete their own message in an internal chat. */
  messageEditWindowMs: number;
  /** SQLITE_WRITER_FROM_RATE: colleagues' sends a second from which SQLite writes them in its writer thread (0: always). */
  sqliteWriterFromRate: number;
  /** How many uploads, and how many bytes, one visitor or one colleague may hold unsent at a time. */
  unsentUploads: { visitor: UploadQuota; agent: UploadQuota };
  /** Largest WebSocket frame accepted, in bytes. */
  wsMaxPayload: number;
  /** Per WebSocket: incoming frames per second and burst, and unsent bytes held before a slow reader is dropped. */
  wsLimits: { framesPerSecond: number; frameBurst: number; maxBufferedBytes: number };
  /** Open WebSockets per user and per visitor token, on one node; the next is refused. */
  wsMaxSockets: { perUser: number; perVisitor: number };
  loginLimit: { perIp: number; perAccount: number; windowMs: number };
  /** "Forgot password" mails per address and window (PASSWORD_RESET_LIMIT): a stranger must not flood someone's inbox. */
  resetMailLimit: { perAccount: number; windowMs: number };
  /** Per IP and minute: new visitors (visits, offline messages) and visitor messages. */
  visitorLimit: { visitsPerIp: number; messagesPerIp: number; socketsPerIp: number; windowMs: number };
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How often waiting chats are routed on; 0 turns the timer off (tests drive the router themselves). */
  routingTickMs: number;
  /** Durable events older than this are pruned; a client resuming from before gets a resync. */
  eventRetentionMs: number;
  webDist: string | undefined;
  logLevel: string;
  /** Requests slower than this are logged at info; the others only at debug. */
  slowRequestMs: number;
  /** ISO country whose national phone number format clients recognise in messages (DEFAULT_COUNTRY). */
  defaultCountry: string;
  /**
   * Which X-Forwarded-For hops to believe (TRUST_PROXY): none, the last N hops (a count), or the hops
   * sent by these proxy addresses/CIDRs. Never "all": the left-most entry is whatever the client wrote.
   */
  trustProxy: false | number | string[];
  /**
   * Per client address: open connections it may hold (0: no cap), new connections set up per second once
   * `burst` were opened at once (0: no pacing), and connections over the cap that wait for a place and for how
   * long (http/connection-admission.ts). None applies behind a trusted proxy.
   */
  connectionLimits: AdmissionLimits;
  /** Seals channel secrets at rest (SECRET_KEY: 64 hex characters or base64 of 32 bytes); made in DATA_DIR when embedded. */
  secretKey: string | undefined;
  /** Meta's Graph API (WhatsApp, Messenger): META_GRAPH_URL, pointed at a local server by tests and sandboxes. */
  metaGraphUrl: string;
  /** Twilio's REST API (SMS/MMS): TWILIO_API_URL, pointed at a local server by tests and sandboxes. */
  twilioApiUrl: string;
  /**
   * How often the webhook inbox and the outbox look for due work (CHANNEL_TICK_MS); new work is also
   * picked up at once. 0 turns the timers off (tests drive them).
   */
  channelTickMs: number;
  /** Socket timeouts (see http/server-options.ts for why these numbers). */
  timeouts: { requestMs: number; bodyMs: number; idleMs: number; keepAliveMs: number };
  /** How long a shutdown waits for requests in flight and sockets to end before it ends them (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
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

/** A comma-separated list of STUN/TURN URLs; empty when unset. */
function urlList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** TRUST_PROXY: unset or 0 → trust no proxy; a number → that many hops; otherwise a list of addresses or CIDRs. */
function trustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return false;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !bitsOk || extra !== undefined) {
      throw new Error(`TRUST_PROXY: expected a hop count or proxy addresses/CIDRs such as 127.0.0.1,10.0.0.0/8, got "${entry}"`);
    }
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 8080);
  const host = env.HOST || '0.0.0.0';
  return {
    ice: {
      stunUrls: urlList(env.STUN_URLS),
      turnUrls: urlList(env.TURN_URLS),
      turnSecret: env.TURN_SECRET || undefined,
      turnTtlSeconds: Math.max(60, int(env.TURN_TTL_SECONDS, 86_400)),
    },
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS !== '0',
    redisUrl: env.REDIS_URL || undefined,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    bodyLimit: int(env.BODY_LIMIT_BYTES, 1024 * 1024),
    wsMaxPayload: int(env.WS_MAX_PAYLOAD_BYTES, 64 * 1024),
    wsLimits: {
      framesPerSecond: int(env.WS_FRAMES_PER_SECOND, 20),
      frameBurst: int(env.WS_FRAME_BURST, 60),
      maxBufferedBytes: int(env.WS_MAX_BUFFERED_BYTES, 4 * 1024 * 1024),
    },
    wsMaxSockets: {
      perUser: int(env.WS_MAX_SOCKETS_PER_USER, 20),
      perVisitor: int(env.WS_MAX_SOCKETS_PER_VISITOR, 5),
    },
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 25 * 1024 * 1024),
    imageLimits: {
      maxPixels: int(env.IMAGE_MAX_PIXELS, 40_000_000),
      maxSide: int(env.IMAGE_MAX_SIDE, 16_384),
    },
    unsentUploadTtlMs: Math.max(1, int(env.UNSENT_UPLOAD_TTL_MINUTES, 60)) * MINUTE,
    messageEditWindowMs: Math.max(0, int(env.MESSAGE_EDIT_MINUTES, 15)) * MINUTE,
    sqliteWriterFromRate: Math.max(0, int(env.SQLITE_WRITER_FROM_RATE, 4000)),
    unsentUploads: {
      visitor: { files: int(env.VISITOR_UNSENT_FILES, 20), bytes: int(env.VISITOR_UNSENT_MB, 50) * MB },
      agent: { files: int(env.AGENT_UNSENT_FILES, 100), bytes: int(env.AGENT_UNSENT_MB, 500) * MB },
    },
    loginLimit: {
      perIp: int(env.LOGIN_LIMIT_PER_IP, 20),
      perAccount: int(env.LOGIN_LIMIT_PER_ACCOUNT, 10),
      windowMs: 60_000,
    },
    resetMailLimit: { perAccount: int(env.PASSWORD_RESET_LIMIT, 3), windowMs: 15 * 60_000 },
    visitorLimit: {
      visitsPerIp: int(env.VISITOR_LIMIT_PER_IP, 10),
      messagesPerIp: int(env.VISITOR_MESSAGE_LIMIT_PER_IP, 60),
      // Widgets reconnect with backoff; 120 a minute leaves room for an office of visitors behind one address.
      socketsPerIp: int(env.VISITOR_SOCKET_LIMIT_PER_IP, 120),
      windowMs: 60_000,
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'switchboard@localhost',
    routingTickMs: int(env.ROUTING_TICK_MS, 1000),
    eventRetentionMs: int(env.EVENT_RETENTION_DAYS, 7) * DAY,
    webDist: env.WEB_DIST || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    slowRequestMs: int(env.LOG_SLOW_REQUEST_MS, 1000),
    defaultCountry: country(env.DEFAULT_COUNTRY, 'DE'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    // Browsers open ~6 connections and a socket per tab: 256 leaves room for an office behind one address,
    // and 100 new ones a second after a burst of 4 lets all of it reconnect within seconds of a restart. Each
    // connection set up costs the event loop ~1 ms with its first request (a visitor's socket: its lookups, device
    // row and catch-up); a burst of 20 visitor sockets from one address held it for 10–35 ms, a burst of 4 for ≤ 9.
    // Over the cap, 32 connections wait up to 10 s for a place: a client refused at once retries at once.
    connectionLimits: env.TRUST_PROXY
      ? { maxOpen: 0, perSecond: 0, burst: 0, maxWaiting: 0, waitMs: 0 }
      : {
          maxOpen: int(env.MAX_CONNECTIONS_PER_IP, 256),
          perSecond: int(env.NEW_CONNECTIONS_PER_SECOND_PER_IP, 100),
          burst: Math.max(1, int(env.NEW_CONNECTION_BURST_PER_IP, 4)),
          maxWaiting: int(env.WAITING_CONNECTIONS_PER_IP, 32),
          waitMs: int(env.CONNECTION_WAIT_MS, 10_000),
        },
    secretKey: env.SECRET_KEY || undefined,
    metaGraphUrl: (env.META_GRAPH_URL || META_GRAPH_URL_DEFAULT).replace(/\/+$/, ''),
    twilioApiUrl: (env.TWILIO_API_URL || 'https://api.twilio.com').replace(/\/+$/, ''),
    channelTickMs: int(env.CHANNEL_TICK_MS, 1000),
    timeouts: {
      requestMs: int(env.REQUEST_TIMEOUT_MS, 10 * 60_000) || 10 * 60_000,
      bodyMs: int(env.BODY_TIMEOUT_MS, 60_000) || 60_000,
      idleMs: int(env.IDLE_TIMEOUT_MS, 60_000) || 60_000,
      keepAliveMs: int(env.KEEP_ALIVE_TIMEOUT_MS, 30_000) || 30_000,
    },
    shutdownGraceMs: int(env.SHUTDOWN_GRACE_MS, 10_000) || 10_000,
  };
}
