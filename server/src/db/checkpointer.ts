import { Worker } from 'node:worker_threads';
import { blockUntilHeld, CHECKPOINTER, releaseHeld, WRITES, type WriteLock } from './write-lock.js';

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) with two fsyncs;
 * done automatically that happens inside a commit, on the event loop, stalling every socket for the
 * length of a disk flush. The server turns automatic checkpoints off and runs them here instead: a
 * worker thread with its own connection checkpoints every interval, off the event loop.
 *
 * A passive checkpoint never waits, but under steady writing it never catches up with the last commit, and
 * the log only starts over once it has: in a burst of live chats it grew to 290 MB beside a 5 MB database.
 * Two ways keep it bounded:
 * - When a round finds the log's file longer than `quietTruncateFromPages` pages and fewer than
 *   `quietWritesPerRound` writes since the last round (a pause, or a trickle of messages; the writers count them
 *   in the lock's shared memory), the thread takes the write lock and truncates the log (a log that SQLite
 *   started over keeps its length on disk until then). Few writers wait then. On a server with pauses or quiet
 *   hours in its writing, which is every chat server most of the day, the log stays small.
 * - Once the log is past `restartFromFrames` all the same (writing that never pauses), the thread takes the write
 *   lock both writers share (waiting server writers go first), copies the few frames written since, and restarts
 *   the log. The long copy stays outside the lock; inside, writers wait for the rest and a flush of the database
 *   file, and in the second after a restart commits stalled for up to ~60 ms on this project's virtual disks.
 *   Past 16,384 frames that came every second at 2,000 messages a second (the delivery latency bench: p99
 *   22–29 ms against 6–14 ms with this checkpointer, alternating runs); past 262,144 (1 GB of log) every ~13 s.
 *   Readers do not pay for a long log: a reader searches only the frames past the last checkpoint, which the
 *   rounds keep within about a second of writing.
 */
/** 1 GB of log (4 KB pages): see above. */
const RESTART_FROM_FRAMES = 262_144;
/** 4 MB of log file. */
const QUIET_TRUNCATE_FROM_PAGES = 1_024;
/** Transactions (or single writes) a round (a second): a trickle of messages. */
const QUIET_WRITES_PER_ROUND = 20;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const blockUntilHeld = ${blockUntilHeld.toString()};
const releaseHeld = ${releaseHeld.toString()};
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// A log grown in a burst is cut back to this size when it starts over.
db.pragma('journal_size_limit = ' + 64 * 1024 * 1024);
const cells = new Int32Array(workerData.lockBuffer);
function underLock(mode) {
  blockUntilHeld(cells, workerData.holder);
  try {
    db.pragma('wal_checkpoint(' + mode + ')');
  } finally {
    releaseHeld(cells);
  }
}
// The file, not its frames: a log started over keeps its length on disk.
const logBytes = () => { try { return fs.statSync(workerData.file + '-wal').size; } catch { return 0; } };
let lastWrites = Atomics.load(cells, ${WRITES});
const timer = setInterval(() => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    const writes = Atomics.load(cells, ${WRITES});
    const quiet = ((writes - lastWrites) | 0) < workerData.quietWrites; // | 0: the count wraps past 2^31
    lastWrites = writes;
    if (quiet && logBytes() >= workerData.truncateFromPages * 4096) underLock('TRUNCATE');
    else if (state.log >= workerData.restartFrom) underLock('RESTART');
  } catch { /* busy: the next round catches up */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

/**
 * How often the thread checkpoints, from how many frames in the log it restarts it under writing that never
 * pauses, and from how many pages of file it truncates it in a quiet round (fewer than `quietWritesPerRound`
 * writes since the last; tests choose their own).
 */
export interface CheckpointPace {
  intervalMs: number;
  restartFromFrames: number;
  quietTruncateFromPages: number;
  quietWritesPerRound: number;
}

const PACE: CheckpointPace = {
  intervalMs: 1000,
  restartFromFrames: RESTART_FROM_FRAMES,
  quietTruncateFromPages: QUIET_TRUNCATE_FROM_PAGES,
  quietWritesPerRound: QUIET_WRITES_PER_ROUND,
};

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, driver: string, lock: WriteLock, pace: CheckpointPace = PACE): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver,
      intervalMs: pace.intervalMs,
      lockBuffer: lock.buffer,
      holder: CHECKPOINTER,
      restartFrom: pace.restartFromFrames,
      truncateFromPages: pace.quietTruncateFromPages,
      quietWrites: pace.quietWritesPerRound,
    },
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
