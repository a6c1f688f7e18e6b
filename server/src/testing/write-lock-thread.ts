/** A thread for write-lock.test.ts: takes the real lock `rounds` times, holding it `holdMs`, counting who is inside (cell 0), overlaps (1) and its rounds done (2). */
import { parentPort, workerData } from 'node:worker_threads';
import { WriteLock } from '../db/write-lock.js';

const { buffer, insideBuffer, rounds, holdMs } = workerData as { buffer: SharedArrayBuffer; insideBuffer: SharedArrayBuffer; rounds: number; holdMs: number };
const lock = new WriteLock(buffer);
const inside = new Int32Array(insideBuffer);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i < rounds; i++) {
  lock.acquireBlocking();
  if (Atomics.add(inside, 0, 1) !== 0) Atomics.add(inside, 1, 1);
  Atomics.wait(pause, 0, 0, holdMs);
  Atomics.sub(inside, 0, 1);
  lock.release();
  Atomics.add(inside, 2, 1);
}
parentPort!.postMessage('done');
