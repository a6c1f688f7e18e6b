import type { LoadPlan } from '../load/messages.js';
import type { ScenarioReport } from '../report.js';
import { formatMs } from '../stats.js';
import { compareWithRelay, comparisonRows } from './chat-setup.js';
import { deliverySummary } from './measure.js';

const USERS = 1000;
const RATE = 2000;
const TARGET_P99_MS = 10;
const PLAN: LoadPlan = { shape: { mode: 'paced', rate: RATE }, warmupMs: 3000, measureMs: 5000, drainMs: 15_000 };

/** A steady, below-capacity load from many clients: how long a message takes to reach its recipient. */
export async function deliveryLatency(): Promise<ScenarioReport> {
  const { switchboard, relay } = await compareWithRelay(USERS, PLAN);
  const p99 = switchboard.load.latency.p99;
  const met = p99 <= TARGET_P99_MS;
  return {
    name: 'latency',
    title: 'Delivery latency',
    setup:
      `${USERS} WebSocket clients in ${USERS / 2} direct chats; ${RATE.toLocaleString('en-US')} sends/s in total, round-robin over the clients, ` +
      `paced every millisecond; ${PLAN.warmupMs / 1000} s warm-up, then ${PLAN.measureMs / 1000} s measured. The server runs with WS_FRAMES_PER_SECOND and WS_FRAME_BURST lifted (a load client sends faster than a person).`,
    columns: ['', 'Switchboard', 'bare ws relay'],
    rows: comparisonRows({ switchboard, relay }),
    targets: [
      {
        goal: `p99 ≤ ${TARGET_P99_MS} ms`,
        measured: formatMs(p99),
        met,
        shortfall: met ? undefined : `${formatMs(p99 - TARGET_P99_MS)} over, ${(p99 / TARGET_P99_MS).toFixed(1)}× the target`,
      },
    ],
    notes: [deliverySummary('Switchboard', switchboard.load), deliverySummary('relay', relay.load)],
  };
}
