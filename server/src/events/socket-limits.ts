import { CloseCodes } from '@switchboard/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors } from '../http/errors.js';
import type { RawData, WebSocket } from 'ws';
import type { Connection } from './connection.js';
import { closeAndCut, cutFlood } from './cut.js';
import type { Hub } from './hub.js';

/** Per-socket limits (config `wsLimits`), the same for agents' and visitors' sockets. */
export interface SocketLimits {
  framesPerSecond: number;
  frameBurst: number;
  maxBufferedBytes: number;
}

/** Allows `burst` frames at once and `perSecond` on average after that. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Hands each incoming frame to `onFrame` while the client keeps to the rate. Pings count too: the ws library
 * answers each with a pong, so a ping flood would fill the send buffer as surely as a message flood. Past the
 * rate the socket closes with TOO_MANY_FRAMES and the connection is cut (see closeAndCut).
 */
export function limitFrames(
  socket: WebSocket,
  limits: SocketLimits,
  onFrame: (data: RawData, isBinary: boolean) => void,
  onFlood: () => void = () => {},
): void {
  const bucket = new TokenBucket(limits.framesPerSecond, limits.frameBurst);
  let over = false;
  const allowed = () => {
    if (over) return false;
    if (bucket.take()) return true;
    over = true;
    cutFlood(socket, CloseCodes.TOO_MANY_FRAMES, 'too many frames');
    onFlood();
    return false;
  };
  socket.on('message', (data, isBinary) => {
    if (allowed()) onFrame(data, isBinary);
  });
  socket.on('ping', allowed);
}

export interface StreamOptions {
  lastSeq: number | undefined;
  /** Sockets this recipient may hold on this node; the next one is refused with TOO_MANY_SOCKETS. */
  maxSockets: number;
  limits: SocketLimits;
  onFrame: (data: RawData, isBinary: boolean) => void;
  /** Called once when the socket is closed for flooding (e.g. to refuse its owner's next sockets for a while). */
  onFlood?: () => void;
}

/** Puts an authenticated socket on the hub within its caps, or refuses it: the one path of /ws and /ws/visitor. */
export function openStream(hub: Hub, connection: Connection, socket: WebSocket, options: StreamOptions): void {
  // Upgraded while the server shuts down (a client reconnecting at once after its 1001): the hub has closed
  // its sockets and would never close this one, and the close waits for every connection to end.
  if (hub.closingDown) {
    closeAndCut(socket, CloseCodes.GOING_AWAY, 'server shutting down');
    return;
  }
  if (!hub.add(connection, options.maxSockets)) {
    socket.send(JSON.stringify({ type: 'error', code: 'RATE_LIMITED', message: 'Too many connections open' }));
    closeAndCut(socket, CloseCodes.TOO_MANY_SOCKETS, 'too many sockets');
    return;
  }
  socket.on('close', () => hub.remove(connection));
  socket.on('pong', () => (connection.alive = true));
  limitFrames(socket, options.limits, options.onFrame, options.onFlood);
  connection.start(options.lastSeq);
}

/** How long a client cut off for flooding is refused new sockets: as long as clients wait after a refusal. */
export const FLOOD_HOLD_MS = 60_000;
/**
 * How long a held client waits for its 429. A flooder reconnects the moment it is refused: answered at once,
 * its loop costs an accepted connection and a parsed request every few milliseconds (~300 a second under
 * `npm run bench -- abuse`); answered late, a sleeping timer per attempt. Our own clients back off far longer.
 */
export const FLOOD_REFUSAL_DELAY_MS = 2000;

/** Refuses (429) a client the box holds, after FLOOD_REFUSAL_DELAY_MS; returns at once for anyone else. */
export async function refuseHeld(box: PenaltyBox, key: string, delayMs = FLOOD_REFUSAL_DELAY_MS): Promise<void> {
  if (!box.held(key)) return;
  await sleep(delayMs);
  throw errors.rateLimited();
}

/**
 * Who was just cut off for flooding, refused before any lookup for a while: without it a flooder reconnects at
 * once, and every upgrade costs a token lookup and a catch-up query (under `npm run bench -- abuse` the
 * reconnect loop, not the frames, was what slowed colleagues' messages). Bounded: past `maxEntries` the
 * oldest holds are dropped.
 */
export class PenaltyBox {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly holdMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  hold(key: string): void {
    this.until.delete(key);
    this.until.set(key, this.now() + this.holdMs);
    for (const oldest of this.until.keys()) {
      if (this.until.size <= this.maxEntries) break;
      this.until.delete(oldest);
    }
  }

  held(key: string): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }
}
