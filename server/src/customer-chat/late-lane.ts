/**
 * A line for work that can wait: at most `perTurn` waiters go on per turn of the event loop, oldest first,
 * after that turn's I/O (requests, frames) has been taken in. Whatever else arrives keeps its pace, and the
 * line still moves every turn, so nothing in it waits for ever.
 */
export class LateLane {
  private waiting: (() => void)[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Resolves when it is this caller's turn. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  get length(): number {
    return this.waiting.length - this.head;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.release());
  }

  private release(): void {
    this.scheduled = false;
    const end = Math.min(this.waiting.length, this.head + this.perTurn);
    for (; this.head < end; this.head++) this.waiting[this.head]!();
    // Dropped from the front in one go, not one by one: a burst leaves tens of thousands in the line.
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 4096) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    if (this.length > 0) this.schedule();
  }
}
