import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize } from '../stats.js';
import type { FrameHandler, IncomingFrame } from './client.js';
import { post } from './http.js';
import type { Mark, RoutingPlan, RoutingResult, TakeAnswers } from './messages.js';
import { until } from './run.js';

const CREATE_CONCURRENCY = 50;
const TAKERS = process.env.BENCH_TAKERS ?? 'all';
const BODY = 'Hello, I ordered a headset last week and it has not arrived yet. Can you help?';

interface Visitor {
  id: number;
  token: string;
}

type Offer = Extract<IncomingFrame, { type: 'conversation.created' }>;

const isOffer = (frame: IncomingFrame): frame is Offer => frame.type === 'conversation.created' && (frame as Offer).conversation.myRole === 'offered';

/** Starts every visit (not timed), `CREATE_CONCURRENCY` at a time. */
async function startVisits(plan: RoutingPlan, agent: http.Agent): Promise<Visitor[]> {
  const visitors: Visitor[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.chats) {
      const i = next++;
      const answer = await post(agent, `${plan.httpUrl}/api/widget/${plan.widgetKey}/visits`, undefined, { name: `Visitor ${i}`, email: '' });
      if (answer.status !== 200) throw new Error(`visit ${i}: HTTP ${answer.status} ${answer.body}`);
      const { visitorId, token } = JSON.parse(answer.body) as { visitorId: number; token: string };
      visitors.push({ id: visitorId, token });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  return visitors;
}

/** What the agents were offered and told, as it happens. */
class Tally {
  readonly sentAt = new Map<number, number>();
  readonly firstOfferAt = new Map<number, number>();
  readonly winners = new Map<number, Set<number>>();
  readonly takes: TakeAnswers = { sent: 0, ok: 0, alreadyTaken: 0, forbidden: 0, other: 0 };
  readonly latencies: number[] = [];
  offers = 0;
  messagesSent = 0;
  messagesAnswered = 0;
  messagesOk = 0;
  firstMessageError: string | undefined;
  inFlight = 0;
  allOwnedAt: number | undefined;

  constructor(private readonly chats: number) {}

  offered(frame: Offer, now: number): void {
    this.offers++;
    const { id, customer } = frame.conversation;
    if (this.firstOfferAt.has(id)) return;
    this.firstOfferAt.set(id, now);
    const sentAt = customer ? this.sentAt.get(customer.id) : undefined;
    if (sentAt !== undefined) this.latencies.push(now - sentAt);
  }

  answered(conversationId: number, userId: number, status: number, body: string): void {
    if (status === 200) {
      this.takes.ok++;
      const winners = this.winners.get(conversationId) ?? new Set();
      this.winners.set(conversationId, winners.add(userId));
      this.checkAllOwned();
    } else if (status === 409) this.takes.alreadyTaken++;
    else if (status === 403) this.takes.forbidden++;
    else {
      this.takes.other++;
      this.takes.firstOther ??= `HTTP ${status} ${body}`;
    }
  }

  messageAnswered(status: number, body: string): void {
    this.messagesAnswered++;
    if (status === 200) this.messagesOk++;
    else this.firstMessageError ??= `HTTP ${status} ${body}`;
    this.checkAllOwned();
  }

  /** Every chat that came about (its first message answered 200) has an owner. */
  private checkAllOwned(): void {
    if (this.messagesAnswered === this.chats && this.winners.size >= this.messagesOk) this.allOwnedAt ??= performance.now();
  }

  /** Counts a request until it is answered or fails; the promise never rejects. */
  track(request: Promise<void>, onError: (error: Error) => void): void {
    this.inFlight++;
    request.catch(onError).finally(() => this.inFlight--);
  }
}

/**
 * Visitors' first messages at an even pace over `arrivalMs`; every agent takes each offer (a `take` frame on
 * its socket) the moment its frame arrives. Ends when every chat has an owner or at `limitMs`, then waits out the answers
 * in flight for at most `drainMs`.
 */
export async function runRouting(plan: RoutingPlan, listen: (handler: FrameHandler) => void, mark: (phase: Mark['phase']) => void): Promise<RoutingResult> {
  const visitorAgent = new http.Agent({ keepAlive: true });
  const tally = new Tally(plan.chats);
  try {
    const visitors = await startVisits(plan, visitorAgent);
    listen((client, frame) => {
      if (!isOffer(frame)) return;
      const firstForChat = !tally.firstOfferAt.has(frame.conversation.id);
      tally.offered(frame, performance.now());
      // BENCH_TAKERS=none (nobody takes) or =one (only the agent offered it first) shows what the arrivals
      // alone cost, and what a chat's losing takes add (with none, the run ends at its limit: no chat gets an owner).
      if (TAKERS === 'none' || (TAKERS === 'one' && !firstForChat)) return;
      const { id } = frame.conversation;
      const userId = client.spec.userId;
      tally.takes.sent++;
      tally.track(
        client.take(id).then((a) => tally.answered(id, userId, a.status, a.body)),
        (error) => tally.answered(id, userId, 0, error.message),
      );
    });

    const write = (visitor: Visitor, i: number) => {
      tally.sentAt.set(visitor.id, performance.now());
      tally.messagesSent++;
      tally.track(
        post(visitorAgent, `${plan.httpUrl}/api/visitor/messages`, `Visitor ${visitor.token}`, { clientId: `first-message-${i}`, body: BODY }).then((a) =>
          tally.messageAnswered(a.status, a.body),
        ),
        (error) => tally.messageAnswered(0, error.message),
      );
    };

    const start = performance.now();
    const cpuStart = process.cpuUsage();
    mark('measure-start');
    const pace = () => {
      const due = Math.min(visitors.length, Math.floor(((performance.now() - start) * visitors.length) / plan.arrivalMs) + 1);
      while (tally.messagesSent < due) write(visitors[tally.messagesSent]!, tally.messagesSent);
      if (tally.messagesSent < visitors.length) setTimeout(pace, 1);
    };
    pace();
    await until(() => tally.allOwnedAt !== undefined, plan.limitMs);
    const end = tally.allOwnedAt ?? performance.now();
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = performance.now() - start;
    mark('measure-end');
    await until(() => tally.inFlight === 0, plan.drainMs);

    const wins = [...tally.winners].flatMap(([conversationId, users]) => [...users].map((userId): [number, number] => [conversationId, userId]));
    return {
      messagesSent: tally.messagesSent,
      messagesOk: tally.messagesOk,
      firstMessageError: tally.firstMessageError,
      firstOffer: summarize(tally.latencies),
      offers: tally.offers,
      takes: tally.takes,
      owned: tally.winners.size,
      windowMs: end - start,
      allOwned: tally.allOwnedAt !== undefined,
      doubleWins: [...tally.winners.values()].filter((users) => users.size > 1).length,
      wins,
      generatorCpu: (cpu.user + cpu.system) / 1000 / cpuMs,
    };
  } finally {
    listen(() => {});
    visitorAgent.destroy();
  }
}
