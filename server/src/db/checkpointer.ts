import { Worker } from 'node:worker_threads';
import { blockUntilHeld, CHECKPOINTER, releaseHeld, type WriteLock } from './write-lock.js';

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) with two fsyncs;
 * done automatically that happens inside a commit, on the event loop, stalling every socket for the
 * length of a disk flush. The server turns automatic checkpoints off and runs them here instead: a
 * worker thread with its own connection checkpoints every interval, off the event loop.
 *
 * A passive checkpoint never waits, but under steady writing it never catches up with the last commit, and
 * the log only starts over once it has: in a burst of live chats it grew to 290 MB beside a 5 MB database,
 * and every page read searched an index of all its frames. So once the log is past `RESTART_FROM_FRAMES`, the
 * thread takes the write lock both writers share (waiting server writers go first), copies the few frames
 * written since, and restarts the log. The long copy stays outside the lock; inside, writers wait for the
 * rest and a flush of the database file.
 */
// 64 MB of log. Each restart makes writers wait for a flush of the database file (a few to ~20 ms on a busy
// virtual disk); at 4,096 frames that came every two seconds at 2,000 messages/s and showed in their p99.
const RESTART_FROM_FRAMES = 16_384;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const blockUntilHeld = ${blockUntilHeld.toString()};
const releaseHeld = ${releaseHeld.toString()};
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// A log grown in a burst is cut back to this size when it starts over.
db.pragma('journal_size_limit = ' + 64 * 1024 * 1024);
const cells = new Int32Array(workerData.lockBuffer);
function restart() {
  blockUntilHeld(cells, workerData.holder);
  try {
    db.pragma('wal_checkpoint(RESTART)');
  } finally {
    releaseHeld(cells);
  }
}
const timer = setInterval(() => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    if (state.log >= workerData.restartFrom) restart();
  } catch { /* busy: the next round catches up */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

/** How often the thread checkpoints, and from how many frames in the log it restarts it (tests choose their own). */
export interface CheckpointPace {
  intervalMs: number;
  restartFromFrames: number;
}

const PACE: CheckpointPace = { intervalMs: 1000, restartFromFrames: RESTART_FROM_FRAMES };

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, driver: string, lock: WriteLock, pace: CheckpointPace = PACE): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: pace.intervalMs, lockBuffer: lock.buffer, holder: CHECKPOINTER, restartFrom: pace.restartFromFrames },
  });
  worker.unref();
  // A thread gone while it held the lock would leave both writers waiting forever.
  worker.on('exit', () => lock.releaseHeldBy(CHECKPOINTER));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('error', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
