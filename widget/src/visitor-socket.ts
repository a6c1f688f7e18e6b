import type { EphemeralEvent, VisitorClientFrame, VisitorDurableEvent } from '@switchboard/protocol';
import { CloseCodes, TOO_MANY_SOCKETS_RETRY_MS, VISITOR_SUBPROTOCOL, VISITOR_TOKEN_SUBPROTOCOL_PREFIX } from '@switchboard/protocol/sockets';

export type SequencedVisitorEvent = VisitorDurableEvent & { seq: number };

export type CallEvent = Extract<EphemeralEvent, { type: 'call.state' | 'call.signal' | 'call.answered_elsewhere' }>;

type Incoming =
  | SequencedVisitorEvent
  | CallEvent
  | { type: 'typing'; name: string }
  | { type: 'ready' | 'resync'; lastSeq: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };

export interface SocketHandlers {
  event(event: SequencedVisitorEvent): void;
  /** Caught up to `lastSeq`; `resync` when the missed events are gone and state must be reloaded. */
  ready(lastSeq: number, resync: boolean): void;
  connection(connected: boolean): void;
  /** The server ended the stream for good: the visitor is blocked or the token is no longer valid. */
  refused(reason: 'blocked' | 'unauthenticated'): void;
  /** The conversation was deleted by the team; the stream goes on. */
  deleted(): void;
  /** A call the agent asked for, its signalling, its end. */
  call?(event: CallEvent): void;
  /** A colleague in the chat is typing (ephemeral: shown for a few seconds). */
  typing?(name: string): void;
}

const MAX_BACKOFF_MS = 5000;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;

/** The visitor's event stream, resumed from the last seq after every drop, with backoff up to 5 s. */
export class VisitorSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly reconnectNow = () => {
    if (!this.socket) this.reconnect(0);
  };

  constructor(
    private readonly url: (lastSeq: number | undefined) => string,
    private readonly token: () => string,
    private readonly lastSeq: () => number | undefined,
    private readonly on: SocketHandlers,
  ) {}

  start(): void {
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.retryTimer);
    this.drop();
  }

  /** Sends a frame now; false when the socket is not open. */
  send(frame: VisitorClientFrame): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url(this.lastSeq()), [VISITOR_SUBPROTOCOL, VISITOR_TOKEN_SUBPROTOCOL_PREFIX + this.token()]);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(JSON.parse(String(message.data)) as Incoming);
    socket.onclose = (close) => this.closed(close.code);
    this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
  }

  private receive(event: Incoming): void {
    clearTimeout(this.pongTimer);
    switch (event.type) {
      case 'ready':
      case 'resync':
        this.attempt = 0;
        this.on.connection(true);
        this.on.ready(event.lastSeq, event.type === 'resync');
        return;
      case 'message.created':
      case 'chat.state':
        this.on.event(event);
        return;
      case 'typing':
        this.on.typing?.(event.name);
        return;
      case 'call.state':
      case 'call.signal':
      case 'call.answered_elsewhere':
        this.on.call?.(event);
        return;
      default:
        return;
    }
  }

  /** The visitor is typing (the caller sends this at most every 3 seconds). Nothing when the socket is down. */
  typing(): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'typing' }));
  }

  private closed(code: number): void {
    this.drop();
    this.on.connection(false);
    if (code === CloseCodes.BLOCKED) return this.on.refused('blocked');
    if (code === CloseCodes.SIGNED_OUT) return this.on.refused('unauthenticated');
    if (code === CloseCodes.CONVERSATION_DELETED) this.on.deleted();
    // Too many tabs with this chat open: another try soon would be refused again, so wait long.
    if (code === CloseCodes.TOO_MANY_SOCKETS) return this.reconnect(TOO_MANY_SOCKETS_RETRY_MS);
    this.reconnect(Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++));
  }

  private reconnect(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  /** A socket that stays silent after a ping is dead even if the browser has not noticed. */
  private ping(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ type: 'ping' }));
    this.pongTimer = setTimeout(() => this.closed(1006), PONG_WITHIN_MS);
  }

  private drop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close();
  }
}
