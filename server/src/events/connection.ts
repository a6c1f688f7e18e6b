import { CloseCodes, type EphemeralEvent } from '@switchboard/protocol';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Db } from '../db/database.js';
import type { StreamEvent } from './bus.js';
import { closeAndCut } from './cut.js';
import type { Recipient } from './recipient.js';
import { currentSeq, eventsAfter } from './storage.js';
import { wireBytesOf, wireFrameOf } from './wire.js';
import { corkForTurn } from './cork.js';

type Sequenced = StreamEvent & { seq: number };

const PAGE = 500;
/** How often a catch-up waiting for a slow reader's buffer to drain looks again. */
const DRAIN_POLL_MS = 20;

/**
 * One client socket of one recipient (a colleague or a customer's widget). Durable events leave strictly in seq order with no gap:
 * an event that arrives ahead of one still in flight makes the connection read the gap
 * from the database first, so delivery order never depends on publish order.
 */
export class Connection {
  private lastSent = 0;
  private chain: Promise<void> = Promise.resolve();
  private closing = false;
  /** Tasks queued on `chain` and not yet finished: while there are any, new events wait behind them. */
  private pending = 0;
  alive = true;
  /** When the session the socket was opened with expires (agents); visitors' tokens do not expire. */
  endsAt = Infinity;
  /**
   * The TCP stream frames go to as made by `wireFrameOf`, past ws's sender (undefined: through ws): only with
   * no extension negotiated, as ws then sends each frame at once in the order given, queueing nothing, and the
   * stream's own buffer is what `bufferedAmount` counts. With permessage-deflate ws must frame them itself.
   */
  private readonly frameStream: Socket | undefined;
  /** This socket, unique across nodes (calls/devices: which sockets are open where). */
  readonly id = randomBytes(12).toString('base64url');

  /**
   * `maxBuffered`: bytes the socket may hold unsent before the client counts as too slow and is dropped;
   * `session`: the session (token hash) it was opened with, so ending that session closes it.
   */
  constructor(
    readonly recipient: Recipient,
    private readonly socket: WebSocket,
    private readonly db: Db,
    private readonly maxBuffered = Infinity,
    readonly session?: string,
    /** The TCP socket under `socket`: frames sent to it in one turn leave in one write. */
    private readonly transport?: Socket,
    /**
     * The device among its recipient's: calls address the device that rings or answers. The client's own id
     * when it gave one (it keeps it across reconnects, so a call survives a blip), else this socket's.
     */
    readonly device: string = randomBytes(12).toString('base64url'),
  ) {
    this.frameStream = socket.extensions === '' ? transport : undefined;
  }

  /** Sends what the client missed since `lastSeq` (or nothing, when it starts fresh), then `ready`. */
  start(lastSeq: number | undefined): void {
    this.enqueue(async () => {
      const latest = await currentSeq(this.db, this.recipient);
      if (lastSeq === undefined) {
        this.lastSent = latest;
        this.send({ type: 'ready', lastSeq: latest });
        return;
      }
      this.lastSent = lastSeq;
      const resumable = lastSeq <= latest && (await this.catchUp(latest));
      if (!resumable) {
        this.lastSent = latest;
        this.send({ type: 'resync', lastSeq: latest });
        return;
      }
      this.send({ type: 'ready', lastSeq: this.lastSent });
    });
  }

  push(event: StreamEvent): void {
    // Most events need no catch-up: with nothing queued before them they leave at once, without a task (an
    // offer in a Ring all burst is fifty of these, and a queued task per frame was several promises each).
    if (this.pending === 0 && (!('seq' in event) || event.seq <= this.lastSent + 1)) return this.sendInOrder(event);
    this.enqueue(async () => {
      if (!('seq' in event) || event.seq <= this.lastSent + 1) return this.sendInOrder(event);
      await this.catchUp(event.seq);
    });
  }

  sendNow(event: EphemeralEvent): void {
    if (this.pending === 0) return this.sendInOrder(event);
    this.enqueue(() => this.send(event));
  }

  /** Sends nothing more: a closing socket must not keep filling its buffer. */
  close(code: number, reason: string): void {
    this.closing = true;
    this.socket.close(code, reason);
  }

  /**
   * Closes with a proper close frame and waits for the client's answer, at most `timeoutMs`: then the connection
   * is cut (ws itself would wait 30 s for the answer, and a server's close waits for every connection).
   */
  closeGracefully(code: number, reason: string, timeoutMs: number): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.close(code, reason);
    });
  }

  ping(): void {
    this.socket.ping();
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Reads events after lastSent up to `upTo` from the database; false when some were already pruned. */
  private async catchUp(upTo: number): Promise<boolean> {
    while (this.lastSent < upTo) {
      await this.roomToSend();
      if (this.closing) return true;
      const page = await eventsAfter(this.db, this.recipient, this.lastSent, Math.min(PAGE, upTo - this.lastSent));
      if (page.length === 0 || page[0]!.seq !== this.lastSent + 1) return false;
      for (const event of page) this.sendDurable(event);
    }
    return true;
  }

  /** An event that follows what was sent: a live or ephemeral one, the next durable one, or one already sent (skipped). */
  private sendInOrder(event: StreamEvent): void {
    try {
      if (!('seq' in event)) this.send(event);
      else if (event.seq === this.lastSent + 1) this.sendDurable(event);
    } catch {
      this.close(1011, 'internal error');
    }
  }

  private sendDurable(event: Sequenced): void {
    this.lastSent = event.seq;
    this.send(event);
  }

  private send(event: StreamEvent): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return;
    if (this.transport) corkForTurn(this.transport);
    if (this.frameStream) this.frameStream.write(wireFrameOf(event));
    else this.socket.send(wireBytesOf(event), { binary: false });
    // A client that does not read would make the server hold everything sent to it: drop it, it resumes by seq.
    if (this.socket.bufferedAmount > this.maxBuffered) {
      this.closing = true;
      closeAndCut(this.socket, CloseCodes.TOO_SLOW, 'reading too slowly');
    }
  }

  /** A long catch-up waits for the buffer to half drain instead of filling it past the limit. */
  private async roomToSend(): Promise<void> {
    while (!this.closing && this.socket.readyState === this.socket.OPEN && this.socket.bufferedAmount > this.maxBuffered / 2) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.pending++;
    this.chain = this.chain
      .then(task)
      .catch(() => this.close(1011, 'internal error'))
      .finally(() => this.pending--);
  }
}
