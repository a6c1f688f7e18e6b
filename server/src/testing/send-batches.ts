import { offloadOf } from '../db/offload.js';
import type { Harness } from './harness.js';

/**
 * Records the size of every batch of sends handed over for writing: to the server thread's group commit, or
 * to the SQLite writer thread (what one loop turn handed it). Reaches into private fields on purpose: which
 * side wrote is not visible to a colleague, and these tests must know both sides were used.
 */
export function watchBatches(h: Harness, sides: { thread: number[]; offload: number[] } = { thread: [], offload: [] }): number[] & typeof sides {
  const all = Object.assign([] as number[], sides);
  const writer = (h.services.chat as unknown as { sends: { inThread: { write(sends: unknown[]): Promise<unknown[]> } } }).sends;
  const write = writer.inThread.write.bind(writer.inThread);
  writer.inThread.write = (sends) => {
    all.push(sends.length);
    sides.thread.push(sends.length);
    return write(sends);
  };
  const offload = offloadOf(h.storage.db) as unknown as { queued: unknown[]; flush(): void } | undefined;
  if (offload) {
    const flush = offload.flush.bind(offload);
    offload.flush = () => {
      all.push(offload.queued.length);
      sides.offload.push(offload.queued.length);
      flush();
    };
  }
  return all;
}
