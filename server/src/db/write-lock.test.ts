import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WriteLock } from './write-lock.js';

describe('WriteLock', () => {
  it('lets one holder in at a time across threads, and a waiting server writer in between the thread’s turns', async () => {
    const lock = new WriteLock();
    const inside = new Int32Array(new SharedArrayBuffer(12));
    const thread = new Worker(new URL('../testing/write-lock-thread.ts', import.meta.url), {
      execArgv: ['--conditions=source', '--import', 'tsx'],
      workerData: { buffer: lock.buffer, insideBuffer: inside.buffer, rounds: 40, holdMs: 2 },
    });
    const done = new Promise((resolve) => thread.once('message', resolve));
    let serverTurns = 0;
    const server = (async () => {
      for (let i = 0; i < 10; i++) {
        const release = await lock.acquire();
        if (Atomics.add(inside, 0, 1) !== 0) Atomics.add(inside, 1, 1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        Atomics.sub(inside, 0, 1);
        serverTurns++;
        release();
      }
    })();
    await server;
    const threadRoundsWhenServerDone = inside[2]!;
    await done;
    await thread.terminate();
    expect(serverTurns).toBe(10);
    expect(inside[1], 'two holders at once').toBe(0);
    expect(threadRoundsWhenServerDone, 'the server waited for the thread to finish').toBeLessThan(40);
  });
});
