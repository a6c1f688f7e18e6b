import type { StrategyName } from '@switchboard/protocol';
import type { RoutingPlan, RoutingResult } from '../load/messages.js';
import { LoadGenerator } from '../load/remote.js';
import type { ScenarioReport, TargetCheck } from '../report.js';
import { formatMiB, formatMs, formatPct } from '../stats.js';
import { auditOwnership, type OwnershipAudit } from '../target/ownership.js';
import { openQueue } from '../target/queue.js';
import { type RelayOffers, startRoutingRelay } from '../target/routing-relay.js';
import { seedAdmin, seedUsers } from '../target/seed.js';
import { LOAD_FRAME_LIMITS, ONE_ADDRESS_FOR_ALL, startSwitchboard } from '../target/switchboard.js';
import { MarkedCpu, rssSampler } from './measure.js';

const AGENTS = 50;
const CHATS = 1000;
/** The minimum the API allows: with Hunt by threes an offer moves to the next three only after it. */
const RING_TIME_S = 5;
const RSS_SAMPLE_MS = 20;
/** The targets (issue 13): time to first offer p99, and for Ring all the time until every chat has an owner. */
const STRATEGIES: { name: StrategyName; label: string; firstOfferMs: number; allOwnedMs?: number; relayOffers: RelayOffers }[] = [
  { name: 'ring_all', label: 'Ring all', firstOfferMs: 1000, allOwnedMs: 3000, relayOffers: 'all' },
  { name: 'hunt_by_threes', label: 'Hunt by threes', firstOfferMs: 300, relayOffers: 'first three' },
];
/** Every visitor and agent comes from 127.0.0.1: the per-IP limits are raised so the run measures routing, not the limiter. */
const LIMITS = { VISITOR_LIMIT_PER_IP: '1000000', VISITOR_MESSAGE_LIMIT_PER_IP: '1000000', LOGIN_LIMIT_PER_IP: '1000000', ...ONE_ADDRESS_FOR_ALL };
const plan = (httpUrl: string, widgetKey: string): RoutingPlan => ({ httpUrl, widgetKey, chats: CHATS, arrivalMs: 1000, limitMs: 60_000, drainMs: 30_000 });

interface Routed {
  label: string;
  strategy: (typeof STRATEGIES)[number];
  load: RoutingResult;
  /** The database's account of the owners (Switchboard only: the bare relay stores nothing). */
  audit?: OwnershipAudit;
  /** Agents told 200 for a chat the database gives to someone else. */
  wrongWinners: number;
  serverCpu: number;
  /** The server's event-loop thread's CPU time from the first message until every chat had an owner, ms. */
  serverThreadMs: number;
  /** The server process's peak RSS during the burst, and its RSS before it. */
  rss: { before: number; peak: number };
}

/** One burst through agents already connected; the generator's marks open and close the server's CPU window. */
async function burst(generator: LoadGenerator, httpUrl: string, widgetKey: string) {
  const cpu = new MarkedCpu();
  const before = process.memoryUsage.rss();
  const sampler = rssSampler(RSS_SAMPLE_MS);
  let peak = before;
  const load = await generator.route(plan(httpUrl, widgetKey), cpu.onMark).finally(() => (peak = sampler.stop()));
  await generator.disconnect();
  return { load, serverCpu: cpu.fraction, serverThreadMs: cpu.threadMs, rss: { before, peak } };
}

async function connectAgents(generator: LoadGenerator, url: string, agents: { id: number; token: string }[]): Promise<void> {
  const connected = await generator.connect(agents.map((a) => ({ userId: a.id, url, token: a.token })));
  if (connected.failed > 0) throw new Error(`${connected.failed} of ${agents.length} agents could not connect: ${connected.firstError}`);
}

async function routeBurst(generator: LoadGenerator, strategy: (typeof STRATEGIES)[number]): Promise<Routed> {
  const sb = await startSwitchboard({ ...LIMITS, ...LOAD_FRAME_LIMITS });
  try {
    const admin = await seedAdmin(sb);
    const agents = await seedUsers(sb, AGENTS);
    const { widgetKey } = await openQueue(sb, admin, agents, strategy.name, RING_TIME_S);
    await connectAgents(generator, sb.wsUrl, agents);
    const measured = await burst(generator, sb.httpUrl, widgetKey);
    const audit = await auditOwnership(sb.storage.db);
    const wrongWinners = measured.load.wins.filter(([conversationId, userId]) => audit.ownerOf.get(conversationId) !== userId).length;
    return { label: strategy.label, strategy, audit, wrongWinners, ...measured };
  } finally {
    await sb.close();
  }
}

/** The same burst through the bare routing relay, in this process as the server is. */
async function relayBurst(generator: LoadGenerator, strategy: (typeof STRATEGIES)[number]): Promise<Routed> {
  const relay = await startRoutingRelay(AGENTS, strategy.relayOffers);
  try {
    await connectAgents(generator, relay.wsUrl, relay.agents);
    const measured = await burst(generator, relay.httpUrl, 'relay');
    return { label: `${strategy.label}: bare relay`, strategy, wrongWinners: 0, ...measured };
  } finally {
    await relay.close();
  }
}

const count = (n: number) => n.toLocaleString('en-US');
const doubleAssignments = (r: Routed) => (r.audit?.doubleAssigned ?? 0) + r.load.doubleWins + r.wrongWinners;

function rows(runs: Routed[]): string[][] {
  const figures: [string, (r: Routed) => string][] = [
    ['first messages answered', (r) => `${count(r.load.messagesOk)} of ${count(r.load.messagesSent)}`],
    ['time to first offer p50', (r) => formatMs(r.load.firstOffer.p50)],
    ['time to first offer p99', (r) => formatMs(r.load.firstOffer.p99)],
    ['time to first offer max', (r) => formatMs(r.load.firstOffer.max)],
    ['chats offered to some agent', (r) => count(r.load.firstOffer.count)],
    ['offers received by agents', (r) => count(r.load.offers)],
    ['chats ended with an owner (database)', (r) => (r.audit ? `${count(r.audit.owned)} of ${count(r.audit.chats)}` : '–')],
    ['all owned after', (r) => (r.load.allOwned ? `${(r.load.windowMs / 1000).toFixed(1)} s` : `not within ${(r.load.windowMs / 1000).toFixed(0)} s`)],
    ['successful takes per second', (r) => `${Math.round((r.load.takes.ok * 1000) / r.load.windowMs)}/s`],
    ['takes sent', (r) => count(r.load.takes.sent)],
    ['answered 200', (r) => count(r.load.takes.ok)],
    ['answered 409 ALREADY_TAKEN', (r) => count(r.load.takes.alreadyTaken)],
    ['answered 403 FORBIDDEN', (r) => count(r.load.takes.forbidden)],
    ['other answers or failures', (r) => count(r.load.takes.other)],
    ['double assignments', (r) => count(doubleAssignments(r))],
    ['server process CPU', (r) => formatPct(r.serverCpu)],
    ['server thread CPU until all owned', (r) => formatMs(r.serverThreadMs)],
    ['server process RSS: before, peak', (r) => `${formatMiB(r.rss.before)}, ${formatMiB(r.rss.peak)}`],
    ['load generator CPU', (r) => formatPct(r.load.generatorCpu)],
  ];
  return figures.map(([label, figure]) => [label, ...runs.map(figure)]);
}

function targets(runs: Routed[]): TargetCheck[] {
  return runs.flatMap((r) => {
    if (!r.audit) return [];
    const doubles = doubleAssignments(r);
    const unowned = r.audit.chats - r.audit.owned + r.audit.inconsistent;
    const p99 = r.load.firstOffer.p99;
    return [
      {
        goal: `${r.label}: time to first offer p99 ≤ ${formatMs(r.strategy.firstOfferMs)}`,
        measured: formatMs(p99),
        met: p99 <= r.strategy.firstOfferMs,
        shortfall: `${(p99 / r.strategy.firstOfferMs).toFixed(1)}× the target`,
      },
      ...(r.strategy.allOwnedMs === undefined ? [] : [allOwnedTarget(r, r.strategy.allOwnedMs)]),
      { goal: `${r.label}: no double assignment`, measured: count(doubles), met: doubles === 0 },
      {
        goal: `${r.label}: every chat has exactly one owner and one take`,
        measured: `${count(r.audit.owned - r.audit.inconsistent)} of ${count(CHATS)}`,
        met: unowned === 0 && r.audit.chats === CHATS,
        shortfall: `${count(CHATS - r.audit.chats)} never arrived, ${count(r.audit.chats - r.audit.owned)} without an owner, ${count(r.audit.inconsistent)} whose records disagree`,
      },
    ];
  });
}

function allOwnedTarget(r: Routed, limitMs: number): TargetCheck {
  return {
    goal: `${r.label}: every chat has an owner within ${(limitMs / 1000).toFixed(0)} s of the first message`,
    measured: r.load.allOwned ? `${(r.load.windowMs / 1000).toFixed(1)} s` : `not within ${(r.load.windowMs / 1000).toFixed(0)} s`,
    met: r.load.allOwned && r.load.windowMs <= limitMs,
    shortfall: `${(r.load.windowMs / limitMs).toFixed(1)}× the target`,
  };
}

function problems(r: Routed): string | undefined {
  const found = [
    r.load.messagesOk < r.load.messagesSent ? `${r.load.messagesSent - r.load.messagesOk} first messages failed (first: ${r.load.firstMessageError})` : '',
    r.load.takes.other > 0 ? `${r.load.takes.other} takes failed otherwise (first: ${r.load.takes.firstOther})` : '',
    r.load.takes.sent > r.load.takes.ok + r.load.takes.alreadyTaken + r.load.takes.forbidden + r.load.takes.other
      ? 'some takes were still unanswered after the drain'
      : '',
    r.load.doubleWins > 0 ? `${r.load.doubleWins} chats were answered 200 to more than one agent` : '',
    r.wrongWinners > 0 ? `${r.wrongWinners} agents were answered 200 for a chat the database gives to someone else` : '',
  ].filter(Boolean);
  return found.length ? `${r.label}: PROBLEM: ${found.join('; ')}.` : undefined;
}

/** A burst of live chats into one queue whose agents all take every offer at once: routing speed and Take's atomicity. */
export async function routingBurst(): Promise<ScenarioReport> {
  const generator = LoadGenerator.start();
  const runs: Routed[] = [];
  try {
    // BENCH_STRATEGY=ring_all (or hunt_by_threes) runs one, e.g. while profiling.
    const strategies = STRATEGIES.filter((s) => !process.env.BENCH_STRATEGY || s.name === process.env.BENCH_STRATEGY);
    for (const strategy of strategies) runs.push(await routeBurst(generator, strategy));
    // The relay's bursts after the server's, which so run as they did before it was added (this process's
    // heap and the machine as they were); BENCH_RELAY=0 leaves them out (quicker alternating runs).
    if (process.env.BENCH_RELAY !== '0') for (const strategy of strategies) runs.push(await relayBurst(generator, strategy));
    runs.sort((a, b) => STRATEGIES.indexOf(a.strategy) - STRATEGIES.indexOf(b.strategy));
  } finally {
    generator.stop();
  }
  const limits = Object.entries({ ...LIMITS, ...LOAD_FRAME_LIMITS })
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return {
    name: 'routing',
    title: 'Live chat routing burst',
    setup:
      `${AGENTS} agents logged into one queue with open sockets (in the load-generator process); ${count(CHATS)} website visitors are created first, ` +
      "each on its own keep-alive connection (as a visitor's browser keeps the one it made the visit on), " +
      `then their first messages arrive evenly within one second, written on a thread of their own. Every agent takes each \`conversation.created\` it receives as offered ` +
      'the moment the frame arrives, with a `take` frame on its socket as the web client does; losers are refused. ' +
      `Run once per strategy, each on a fresh server and database; ring time ${RING_TIME_S} s, the minimum. ` +
      `The server runs with ${limits}, as every request comes from 127.0.0.1 and every agent takes every chat. A run ends when every chat has an owner, or after 60 s with what was measured; ` +
      'then the takes still in flight get up to 30 s, and the database is checked.',
    columns: ['', ...runs.map((r) => r.label)],
    rows: rows(runs),
    targets: targets(runs),
    notes: [
      ...runs.map(problems).filter((p): p is string => p !== undefined),
      "Time to first offer: from the visitor's message POST being written to the first agent receiving `conversation.created` (offered) for its chat, on one clock in the generator. " +
        "The visitors write from their own thread: paced from the agents' thread, which is busy reading offers and sending takes, a message due in a stall went out at its end and its wait went uncounted. " +
        'Takes per second: successful takes over the window from the first message to the take that gave the last chat its owner. ' +
        "RSS is the bench process's, which hosts the server: each strategy's server is new, but the process is not, so a later one's figure starts where the last left off.",
      'Bare relay: the same HTTP calls and frames through a bare `http` and `ws` server in the same process (bench/src/target/routing-relay.ts), run after the server’s bursts on the same agents: ' +
        "each chat is offered to every agent (Ring all) or to the first three (Hunt by threes) with one frame of an offer's size, encoded once; the first take wins, the others are refused " +
        "and the losers told it was removed; nothing is checked or stored. It writes each frame as `ws` does, a write per frame, where the server writes a socket's frames of one turn together. " +
        "The targets are the server's; the relay's figures say what this machine gives the runtime alone (BENCH_RELAY=0 leaves it out).",
      `With Hunt by threes offers move to the next three agents only after the ring time, so it is set to the minimum (${RING_TIME_S} s) for both strategies; ` +
        'with 50 agents taking at once, one of the first three in queue order usually takes every chat, so the other 47 see no offers.',
      ...(runs.some((r) => r.load.takes.forbidden > 0)
        ? [
            'Losers mostly get 403 FORBIDDEN ("You have no access to this conversation"), not the documented 409 ALREADY_TAKEN: the winning take removes the other ' +
              "offered agents from the chat, and a take that arrives after that commit fails Access.require('conversation.take') (no member row, not a supervisor) " +
              'before CustomerChatService.take() can say who took it. Only takes already past that check when the winner commits get 409.',
          ]
        : []),
      'Double assignments add three checks, each of which must be 0: chats the database shows with more than one owner row, taken session or "joined the chat" note; ' +
        'chats more than one agent was answered 200 for; and agents answered 200 for a chat the database gives to another. ' +
        'Every owned chat must also have exactly one owner row, one taken session and one "joined" note, all naming its owner.',
    ],
  };
}
