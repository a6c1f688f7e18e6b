import { Worker } from 'node:worker_threads';
import { summarize } from '../stats.js';
import type { FrameHandler, IncomingFrame } from './client.js';
import { epochMs } from './clock.js';
import type { Mark, RoutingPlan, RoutingResult, TakeAnswers } from './messages.js';
import { until } from './run.js';
import type { FromVisitors, ToVisitors, VisitorsData } from './visitors.js';

const TAKERS = process.env.BENCH_TAKERS ?? 'all';
const VISITORS_FILE = new URL(import.meta.url.endsWith('.ts') ? './visitors.ts' : './visitors.js', import.meta.url);

type Offer = Extract<IncomingFrame, { type: 'conversation.created' }>;

const isOffer = (frame: IncomingFrame): frame is Offer => frame.type === 'conversation.created' && (frame as Offer).conversation.myRole === 'offered';

/** What the agents were offered and told, and what the visitors' thread reported, as it happens (times on `epochMs`). */
class Tally {
  /** By visitor (the chat's customer): when their first message was written. */
  readonly sentAt = new Map<number, number>();
  /** By chat: when it was first offered to any agent, and whose it is. */
  readonly firstOfferAt = new Map<number, number>();
  readonly customerOf = new Map<number, number>();
  readonly winners = new Map<number, Set<number>>();
  readonly takes: TakeAnswers = { sent: 0, ok: 0, alreadyTaken: 0, forbidden: 0, other: 0 };
  offers = 0;
  messagesSent = 0;
  messagesAnswered = 0;
  messagesOk = 0;
  firstMessageError: string | undefined;
  lastAnswerAt = 0;
  inFlight = 0;
  allOwnedAt: number | undefined;
  /** Offers of chats whose customer is not known (must stay 0: every offered chat is a visitor's). */
  unknownOffers = 0;

  constructor(private readonly chats: number) {}

  offered(frame: Offer, now: number): void {
    this.offers++;
    const { id, customer } = frame.conversation;
    if (this.firstOfferAt.has(id)) return;
    this.firstOfferAt.set(id, now);
    if (customer) this.customerOf.set(id, customer.id);
    else this.unknownOffers++;
  }

  /** From each chat's first message written to its first offer at any agent. */
  latencies(): number[] {
    const latencies: number[] = [];
    for (const [id, offeredAt] of this.firstOfferAt) {
      const sentAt = this.sentAt.get(this.customerOf.get(id) ?? -1);
      if (sentAt !== undefined) latencies.push(offeredAt - sentAt);
    }
    return latencies;
  }

  answered(conversationId: number, userId: number, status: number, body: string): void {
    if (status === 200) {
      this.takes.ok++;
      const winners = this.winners.get(conversationId) ?? new Set();
      this.winners.set(conversationId, winners.add(userId));
      this.checkAllOwned(epochMs());
    } else if (status === 409) this.takes.alreadyTaken++;
    else if (status === 403) this.takes.forbidden++;
    else {
      this.takes.other++;
      this.takes.firstOther ??= `HTTP ${status} ${body}`;
    }
  }

  fromVisitors(message: FromVisitors): void {
    if (message.kind === 'sent') {
      this.messagesSent++;
      this.sentAt.set(message.visitorId, message.at);
    } else if (message.kind === 'answered') {
      this.messagesAnswered++;
      this.lastAnswerAt = Math.max(this.lastAnswerAt, message.at);
      if (message.status === 200) this.messagesOk++;
      else this.firstMessageError ??= `HTTP ${message.status} ${message.body}`;
      this.checkAllOwned(message.at);
    }
  }

  /** Every chat that came about (its first message answered 200) has an owner: at the later of the last win and the last answer. */
  private checkAllOwned(at: number): void {
    if (this.messagesAnswered === this.chats && this.winners.size >= this.messagesOk) this.allOwnedAt ??= Math.max(at, this.lastAnswerAt);
  }

  /** Counts a request until it is answered or fails; the promise never rejects. */
  track(request: Promise<void>, onError: (error: Error) => void): void {
    this.inFlight++;
    request.catch(onError).finally(() => this.inFlight--);
  }
}

/** The visitors' thread, once it has made every visit. */
function startVisitors(plan: RoutingPlan, tally: Tally): Promise<Worker> {
  const worker = new Worker(VISITORS_FILE, { workerData: { plan } satisfies VisitorsData });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message: FromVisitors) => {
      if (message.kind === 'ready') resolve(worker);
      else if (message.kind === 'failed') reject(new Error(message.message));
      else tally.fromVisitors(message);
    });
  });
}

/**
 * Visitors' first messages at an even pace over `arrivalMs` (from their own thread, visitors.ts); every agent
 * takes each offer (a `take` frame on its socket) the moment its frame arrives. Ends when every chat has an
 * owner or at `limitMs`, then waits out the answers in flight for at most `drainMs`.
 */
export async function runRouting(plan: RoutingPlan, listen: (handler: FrameHandler) => void, mark: (phase: Mark['phase']) => void): Promise<RoutingResult> {
  const tally = new Tally(plan.chats);
  const visitors = await startVisitors(plan, tally);
  try {
    listen((client, frame) => {
      if (!isOffer(frame)) return;
      const firstForChat = !tally.firstOfferAt.has(frame.conversation.id);
      tally.offered(frame, epochMs());
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

    const start = epochMs();
    const cpuStart = process.cpuUsage();
    mark('measure-start');
    visitors.postMessage({ kind: 'go' } satisfies ToVisitors);
    await until(() => tally.allOwnedAt !== undefined, plan.limitMs);
    const end = tally.allOwnedAt ?? epochMs();
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = epochMs() - start;
    mark('measure-end');
    await until(() => tally.inFlight === 0 && tally.messagesAnswered === tally.messagesSent, plan.drainMs);
    if (tally.unknownOffers > 0) throw new Error(`${tally.unknownOffers} chats were offered without their customer`);

    const wins = [...tally.winners].flatMap(([conversationId, users]) => [...users].map((userId): [number, number] => [conversationId, userId]));
    return {
      messagesSent: tally.messagesSent,
      messagesOk: tally.messagesOk,
      firstMessageError: tally.firstMessageError,
      firstOffer: summarize(tally.latencies()),
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
    await visitors.terminate();
  }
}
