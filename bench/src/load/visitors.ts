/**
 * The routing burst's website visitors, on a thread of their own in the load generator: the fifty agents'
 * sockets keep the generator's main thread busy through the burst (parsing offers, sending takes), and
 * visitors paced from that thread went out up to ~0.7 s after the time recorded as their send (their
 * timer late, their new connection's `connect` waiting for the busy loop), which the time to first offer
 * then counted as the server's. Here a visitor's send time is when its request is written.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { post } from './http.js';
import type { RoutingPlan } from './messages.js';
import { epochMs } from './clock.js';

const CREATE_CONCURRENCY = 50;
const BODY = 'Hello, I ordered a headset last week and it has not arrived yet. Can you help?';

/** From the generator's main thread. */
export type ToVisitors = { kind: 'go' };
/** To it: the visits are made; a first message is written, answered (times on `epochMs`). */
export type FromVisitors =
  | { kind: 'ready'; visitors: number }
  | { kind: 'sent'; visitorId: number; at: number }
  | { kind: 'answered'; status: number; body: string; at: number }
  | { kind: 'failed'; message: string };

export interface VisitorsData {
  plan: RoutingPlan;
}

interface Visitor {
  id: number;
  token: string;
  /** Its own keep-alive connection, opened by its visit: a visitor's browser writes its first message on it. */
  agent: http.Agent;
}

/** Starts every visit (not timed), `CREATE_CONCURRENCY` at a time, each on the visitor's own connection. */
async function startVisits(plan: RoutingPlan): Promise<Visitor[]> {
  const visitors: Visitor[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.chats) {
      const i = next++;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const answer = await post(agent, `${plan.httpUrl}/api/widget/${plan.widgetKey}/visits`, undefined, { name: `Visitor ${i}`, email: '' });
      if (answer.status !== 200) throw new Error(`visit ${i}: HTTP ${answer.status} ${answer.body}`);
      const { visitorId, token } = JSON.parse(answer.body) as { visitorId: number; token: string };
      visitors.push({ id: visitorId, token, agent });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  return visitors;
}

/** The visitors' first messages at an even pace over `arrivalMs`, each told to the main thread as it goes. */
function sendAll(plan: RoutingPlan, visitors: Visitor[], tell: (message: FromVisitors) => void): void {
  let sent = 0;
  const write = (visitor: Visitor, i: number) => {
    tell({ kind: 'sent', visitorId: visitor.id, at: epochMs() });
    post(visitor.agent, `${plan.httpUrl}/api/visitor/messages`, `Visitor ${visitor.token}`, { clientId: `first-message-${i}`, body: BODY }).then(
      (a) => tell({ kind: 'answered', status: a.status, body: a.body, at: epochMs() }),
      (error: Error) => tell({ kind: 'answered', status: 0, body: error.message, at: epochMs() }),
    );
  };
  const start = performance.now();
  const pace = () => {
    const due = Math.min(visitors.length, Math.floor(((performance.now() - start) * visitors.length) / plan.arrivalMs) + 1);
    while (sent < due) write(visitors[sent]!, sent++);
    if (sent < visitors.length) setTimeout(pace, 1);
  };
  pace();
}

if (parentPort) {
  const port = parentPort;
  const { plan } = workerData as VisitorsData;
  const tell = (message: FromVisitors) => port.postMessage(message);
  startVisits(plan).then(
    (visitors) => {
      port.once('message', () => sendAll(plan, visitors, tell));
      tell({ kind: 'ready', visitors: visitors.length });
    },
    (error: Error) => tell({ kind: 'failed', message: error.message }),
  );
}
