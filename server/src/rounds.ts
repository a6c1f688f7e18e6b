/**
 * Background work run on a timer (routing's ring-time checks, call upkeep) as rounds that never overlap: a
 * tick that comes while the last round still runs is skipped. Chaining every tick behind the last instead
 * built a queue of rounds whenever one took longer than the interval (a busy PostgreSQL under a burst of
 * chats), and shutting down then waited for all of them.
 */
export class Rounds {
  private running: Promise<void> | undefined;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts a round unless one is running. */
  tick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves when the current round (if any) has ended. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
