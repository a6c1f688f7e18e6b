import type { Clock } from '../clock.js';
import type { Posted } from '../conversations/posting.js';
import type { Db } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { offloadOf, type SqliteOffload } from '../db/offload.js';
import { adoptWire } from '../events/wire.js';
import { type Send, writeSends } from './sends.js';
import { transaction } from '../db/transaction.js';

/** How long the send rate is counted over before it decides where sends are written. */
const RATE_WINDOW_MS = 100;
/** Below this share of the offload rate, sends come back to the server's thread (so the two do not flap). */
const RETURN_SHARE = 0.6;

interface Held {
  send: Send;
  resolve: (posted: Posted | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Where colleagues' sends are written. In this thread's group commit while they are few: a hop to the
 * SQLite writer thread costs more latency than the write itself. From `offloadFromRate` sends a second on
 * (SQLite only), in the writer thread (db/offload.ts), so the event loop keeps up with the sockets and the
 * second core writes. A switch waits until the sends already handed to one side are written, so one sender's
 * messages are never stored out of order.
 */
export class SendWriter {
  private readonly inThread: GroupCommit<Send, Posted | undefined>;
  private readonly offload: SqliteOffload | undefined;
  private mode: 'thread' | 'offload' = 'thread';
  /** The side the held sends go to. */
  private next: 'thread' | 'offload' = 'thread';
  /** Sends handed to the current side and not yet written. */
  private outstanding = 0;
  /** Sends waiting for a switch: the other side still writes earlier ones. */
  private held: Held[] = [];
  private windowStart = 0;
  private inWindow = 0;
  private lastRate = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly offloadFromRate: number,
  ) {
    this.inThread = new GroupCommit((sends) => {
      const now = this.clock.now();
      return transaction(this.db, (trx) => writeSends(trx, sends, now));
    });
    this.offload = offloadOf(db);
  }

  write(send: Send): Promise<Posted | undefined> {
    const wanted = this.wantedMode();
    if (wanted === this.mode && this.held.length === 0) return this.dispatch(send);
    if (this.held.length === 0) this.next = wanted;
    return new Promise((resolve, reject) => {
      this.held.push({ send, resolve, reject });
      this.switchWhenIdle();
    });
  }

  private wantedMode(): 'thread' | 'offload' {
    if (!this.offload) return 'thread';
    if (this.offloadFromRate <= 0) return 'offload';
    const now = performance.now();
    if (now - this.windowStart >= RATE_WINDOW_MS) {
      this.lastRate = (this.inWindow * 1000) / Math.max(now - this.windowStart, RATE_WINDOW_MS);
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow++;
    const rate = Math.max(this.lastRate, (this.inWindow * 1000) / RATE_WINDOW_MS);
    if (this.mode === 'thread') return rate >= this.offloadFromRate ? 'offload' : 'thread';
    return rate < this.offloadFromRate * RETURN_SHARE ? 'thread' : 'offload';
  }

  private switchWhenIdle(): void {
    if (this.outstanding > 0) return;
    this.mode = this.next;
    const held = this.held;
    this.held = [];
    for (const { send, resolve, reject } of held) this.dispatch(send).then(resolve, reject);
  }

  private dispatch(send: Send): Promise<Posted | undefined> {
    this.outstanding++;
    const written = this.mode === 'offload' ? this.viaOffload(send) : this.inThread.run(send);
    return written.finally(() => {
      this.outstanding--;
      if (this.outstanding === 0 && this.held.length > 0) this.switchWhenIdle();
    });
  }

  private async viaOffload(send: Send): Promise<Posted | undefined> {
    const posted = await this.offload!.submit('sends', { send, now: this.clock.now() });
    if (posted) for (const [i, envelope] of posted.envelopes.entries()) adoptWire(envelope.event, posted.wires[i]!);
    return posted;
  }
}
