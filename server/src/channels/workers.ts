import type { InboxProcessor } from './inbox/processor.js';
import type { OutboxSender } from './outbox/sender.js';

/**
 * Runs this node's channel work: stored webhooks, then the outbox. Woken at once when work arrives
 * (`kick`), and on a timer for retries that came due and for work other nodes stored.
 */
export class ChannelWorkers {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Tests pause the workers to see what is stored before it is processed (a crash right after the 200). */
  paused = false;

  constructor(
    private readonly inbox: InboxProcessor,
    private readonly outbox: OutboxSender,
    private readonly log: (error: unknown, message: string) => void,
  ) {}

  /** With tickMs 0 nothing runs until work arrives (tests drive the rest with settle()). */
  start(tickMs: number): void {
    if (tickMs <= 0) return;
    this.timer = setInterval(() => this.kick(), tickMs);
    this.timer.unref();
    // What was stored before a restart (or by another node) is looked at at once.
    this.kick();
  }

  kick(): void {
    if (this.stopped || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.log(error, 'channel work failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Processes until nothing is due; resolves when done (tests await it). */
  async drain(): Promise<void> {
    for (let rounds = 0; rounds < 100 && !this.stopped; rounds++) {
      const done = (await this.inbox.runOnce()) + (await this.outbox.runOnce());
      if (done === 0) return;
    }
  }

  /** Waits for the work in hand (a shutdown lets a send finish rather than leave it to a lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** For tests: waits until the current run (if any) is over and then runs once more to the end. */
  async settle(): Promise<void> {
    await this.running;
    await this.drain();
  }
}
