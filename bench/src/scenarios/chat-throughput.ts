import type { LoadPlan } from '../load/messages.js';
import type { ScenarioReport } from '../report.js';
import { formatRate } from '../stats.js';
import { compareWithRelay, comparisonRows } from './chat-setup.js';
import { deliveredRate, deliverySummary } from './measure.js';

const USERS = 200;
const WINDOW = 4;
/** Issue 13: at least 0.35 of the bare relay's rate in the same run. */
const TARGET_RATIO = 0.35;
const PLAN: LoadPlan = { shape: { mode: 'window', window: WINDOW }, warmupMs: 2000, measureMs: 5000, drainMs: 15_000 };

/** Every client keeps a bounded window of sends in flight: the sustained delivery rate and its latency. */
export async function chatThroughput(): Promise<ScenarioReport> {
  const { switchboard, relay } = await compareWithRelay(USERS, PLAN);
  const ratio = deliveredRate(switchboard.load) / deliveredRate(relay.load);
  const met = ratio >= TARGET_RATIO;
  return {
    name: 'throughput',
    title: 'Chat throughput',
    setup:
      `${USERS} WebSocket clients in ${USERS / 2} direct chats, each keeping ${WINDOW} sends unanswered (a new send on every \`sent\`); ` +
      `${PLAN.warmupMs / 1000} s warm-up, then ${PLAN.measureMs / 1000} s measured: recipient deliveries inside the window. The server runs with WS_FRAMES_PER_SECOND and WS_FRAME_BURST lifted (a load client sends faster than a person).`,
    columns: ['', 'Switchboard', 'bare ws relay'],
    rows: comparisonRows({ switchboard, relay }),
    targets: [
      {
        goal: `Switchboard ≥ ${TARGET_RATIO} × relay`,
        measured: `${ratio.toFixed(3)} × relay`,
        met,
        shortfall: met ? undefined : `needs ${(TARGET_RATIO / ratio).toFixed(1)}× its rate, ${formatRate(TARGET_RATIO * deliveredRate(relay.load))}`,
      },
    ],
    notes: [
      deliverySummary('Switchboard', switchboard.load),
      deliverySummary('relay', relay.load),
      'Latency here is mostly queueing: with every client saturating its window it is about clients × window ÷ rate.',
      "CPU is a fraction of one core over the window: the server's event loop is one thread, and on SQLite the writer thread (above SQLITE_WRITER_FROM_RATE sends a second) can add up to one more core.",
    ],
  };
}
