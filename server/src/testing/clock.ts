import type { Clock } from '../clock.js';

/** A clock the test moves by hand, so ring times and waiting limits need no sleeping. */
export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 25, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
