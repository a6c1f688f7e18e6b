/**
 * Background work run on a timer (routing's ring-time checks, call upkeep) as rounds that never overlap: a
 * tick that comes while the last round still runs is skipped. Chaining every tick behind the last instead
 * built a queue of rounds whenever one took longer than the interval (a busy PostgreSQL under a burst of
 * chats), and shutting down then waited for all of them.
 */
export class Rounds {
  private running: Promise<void> | undefined;
  private stopped = false;

  /** `work` is handed a check it should make between items: true once the rounds are stopping. */
  constructor(
    private readonly work: (stopping: () => boolean) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts a round unless one is running or the rounds were stopped. */
  tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.work(() => this.stopped)
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves when the current round (if any) has ended. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /**
   * Starts no more rounds and waits for the current one, which ends after the item at hand: a routing round
   * over 500 waiting chats on a busy PostgreSQL outlasted the 10 s a shutdown may take.
   */
  stop(): Promise<void> {
    this.stopped = true;
    return this.settled();
  }
}
