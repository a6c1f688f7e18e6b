/**
 * A line for work that can wait, in groups (the takes of one chat): per turn of the event loop, after that
 * turn's I/O (requests, frames) has been taken in, whole groups go on, oldest first, until at least `perTurn`
 * waiters have. A group goes on together so its work can be done together (the takes of one chat are judged
 * with one read: access/facts-loader.ts). Whatever else arrives keeps its pace, and the line still moves every
 * turn, so nothing in it waits for ever.
 */
export class LateLane<Key> {
  private groups = new Map<Key, (() => void)[]>();
  private waiting = 0;
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Resolves when it is this caller's group's turn. */
  wait(group: Key): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.groups.get(group);
      if (waiters) waiters.push(resolve);
      else this.groups.set(group, [resolve]);
      this.waiting++;
      this.schedule();
    });
  }

  get length(): number {
    return this.waiting;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.release());
  }

  private release(): void {
    this.scheduled = false;
    let released = 0;
    for (const [group, waiters] of this.groups) {
      if (released >= this.perTurn) break;
      this.groups.delete(group);
      this.waiting -= waiters.length;
      released += waiters.length;
      for (const resolve of waiters) resolve();
    }
    if (this.waiting > 0) this.schedule();
  }
}
