import type { ClientFrame, ServerEvent } from '@switchboard/protocol';
import { CloseCodes, TOO_MANY_SOCKETS_RETRY_MS } from '@switchboard/protocol/sockets';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

interface Handlers {
  onEvent(event: ServerEvent): void;
  onStatus(status: ConnectionStatus): void;
  /** The server closed the socket because this session ended (logout elsewhere, password change): no retry. */
  onSignedOut(): void;
}

const MAX_BACKOFF_MS = 5000;
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

function storedSeq(key: string): number | null {
  const value = Number(sessionStorage.getItem(key));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * One WebSocket to /ws that survives drops: it reconnects with backoff and asks for the durable events it
 * missed by passing the last `seq` it saw.
 */
export class RealtimeSocket {
  private socket: WebSocket | null = null;
  private lastSeq: number | null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * This page's device id, the same on every reconnect: a call in progress survives a dropped socket
   * (the server waits a grace for the device). A reload is a new page and a new device.
   */
  private readonly device = randomDeviceId();

  /** `seqKey` names the sessionStorage entry; seqs are per user, so the key must be too. */
  constructor(
    private readonly seqKey: string,
    private readonly handlers: Handlers,
  ) {
    this.lastSeq = storedSeq(seqKey);
  }

  start(): void {
    this.handlers.onStatus('connecting');
    this.open();
  }

  /** Sends a frame now; false when the socket is not open (the caller decides whether that matters). */
  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    this.socket?.close(1000);
    this.socket = null;
  }

  private open(): void {
    const url = new URL('/ws', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.lastSeq !== null) url.searchParams.set('lastSeq', String(this.lastSeq));
    url.searchParams.set('device', this.device);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.handlers.onStatus('open');
      this.startHeartbeat();
    };
    socket.onmessage = (frame) => this.receive(frame.data);
    socket.onclose = (close) => this.lost(socket, close.code);
  }

  private lost(socket: WebSocket, code?: number): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.stopHeartbeat();
    if (this.stopped) return;
    if (code === CloseCodes.SIGNED_OUT) {
      this.stopped = true;
      return this.handlers.onSignedOut();
    }
    this.handlers.onStatus('reconnecting');
    // Over the cap of open sockets (too many tabs): retrying at once would only be refused again.
    if (code === CloseCodes.TOO_MANY_SOCKETS) this.retryTimer = setTimeout(() => this.open(), TOO_MANY_SOCKETS_RETRY_MS);
    else this.scheduleReconnect();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let event: ServerEvent;
    try {
      event = JSON.parse(data) as ServerEvent;
    } catch {
      return;
    }
    if ('seq' in event) {
      if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
      this.handlers.onEvent(event);
      this.rememberSeq(event.seq);
      return;
    }
    switch (event.type) {
      case 'ready':
      case 'resync':
        this.attempt = 0;
        this.rememberSeq(event.lastSeq);
        break;
      case 'pong':
        clearTimeout(this.pongTimer);
        return;
    }
    this.handlers.onEvent(event);
  }

  private rememberSeq(seq: number): void {
    this.lastSeq = seq;
    sessionStorage.setItem(this.seqKey, String(seq));
  }

  private scheduleReconnect(): void {
    const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempt);
    this.attempt += 1;
    // Jitter keeps a room full of clients from reconnecting in lockstep after a server restart.
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private startHeartbeat(): void {
    this.pingTimer = setInterval(() => {
      if (this.socket?.readyState !== WebSocket.OPEN) return;
      this.socket.send(JSON.stringify({ type: 'ping' }));
      clearTimeout(this.pongTimer);
      const socket = this.socket;
      // A dead connection can take minutes to report its close, so give up on it right away.
      this.pongTimer = setTimeout(() => {
        socket.close();
        this.lost(socket);
      }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}

/** 128 random bits, URL-safe (the server accepts 16 to 64 of A–Z a–z 0–9 - _). */
export function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
