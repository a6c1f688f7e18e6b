import type { ScenarioName } from './report.js';

/**
 * What `node --cpu-prof` profiles of the server process showed (the throughput load, SQLite, 2026-11-25,
 * shares of the server's sampled time); printed under a scenario whose target was missed.
 */
export const findings: Record<ScenarioName, string[]> = {
  throughput: [
    'Already done, from earlier profiles (each measured here): sends that arrive during a transaction share the next one (group commit); ' +
      'the statements every send runs are SQL text, not query-builder calls (building them cost more than running them); prepared statements ' +
      "are cached per SQLite database; one statement moves all members' event counters; checkpoints run in a worker thread. Together they took " +
      'the server from ~1,900 to ~6,400 msg/s on this machine (0.06 → 0.16 of the relay).',
    'What is left, from `node --cpu-prof` of this load: SQLite itself executing the ~8 statements and the commit of each batch ' +
      '(`SqliteConnection.executeQuery` 31–43% self time), socket writes (`writev` 14–17%: every message is three frames, the `sent` answer, the ' +
      "sender's own durable echo and the recipient's copy, each its own syscall), GC 5%; Kysely and the rest are small. All of it runs on the one " +
      'event loop, which is why the server stops at one core while the relay only writes frames.',
    'Next steps, largest first: run the SQLite connection in a worker thread so statement execution leaves the event loop (the second core then ' +
      'works); coalesce the frames bound for one socket in one tick into one write; answer `send` with the durable echo alone instead of a ' +
      'separate `sent` frame; on PostgreSQL (BENCH_DATABASE_URL), which is multi-process, several server nodes behind the Redis bus.',
  ],
  latency: [
    'At 2,000 sends/s the server runs at about a third of its measured maximum, so the p99 comes from stalls rather than load: a GC pause or a ' +
      'larger group-committed batch holds the event loop for several milliseconds and the sends behind it wait. The same next steps as under ' +
      'throughput (SQLite off the event loop, fewer writes per message) shorten those stalls.',
    'Right after start the warm-up p99 is far higher (see the row above): the first seconds run unoptimised (not yet JIT-compiled) code and build a backlog.',
  ],
  'idle-memory': [
    'Per idle socket the server keeps the ws socket, a `Connection` with its promise chain, the Fastify request of the upgrade and a Set entry in the hub; ' +
      'the closures in server/src/events/routes.ts keep all of these alive for the life of the socket (not profiled: the target was met).',
  ],
  routing: [
    'Ring all with 50 agents costs every chat about 50 times what Hunt by threes does, twice over. On arrival, the intake transaction offers the chat to all 50: ' +
      'one `setMember` insert per agent, then `publishChange` builds a `conversation.created` view per agent with `chatStorage.views` (3 queries each, the members ' +
      'query returning all 50 offered agents, so 2,500 member rows per chat) and writes 50 durable events of a Conversation carrying 50 members. Then 49 of the 50 ' +
      'takes per chat are refused, each still an HTTP request with a session lookup, an access query and an AppError with a stack trace.',
    'A `node --cpu-prof` profile of the server process over both runs (SQLite, 2026-11-25, shares of sampled time): `SqliteConnection.executeQuery` 30% self ' +
      '(SQLite itself), socket writes (`writev`) 12% (about 48,000 offer frames plus the HTTP answers), GC 7%, Kysely query building ~10% (`freeze`, `visitNode`, ' +
      'reference parsing, expression builders); by caller, `chatStorage.views` ~12% and `publishChange` ~10% inclusive, the error path of the refused takes ' +
      '(error handler, `AppError`) ~6%, session authentication ~3%; `normalizeCorsOptions` 0.6% self, as the visitor CORS delegator makes @fastify/cors rebuild its options on every request, takes included.',
    "Arrivals wait behind refusals: the visitors' message POSTs share the event loop and the single SQLite connection with tens of thousands of doomed takes, so " +
      'time to first offer grows to tens of seconds for the later chats. Under that load some visitor connections were reset (ECONNRESET): with the event loop ' +
      "busy, 1,000 new connections in one second likely overflow the listen backlog (Node's default 511).",
    'Fixes, largest first: publish offers without a per-agent view (one shared payload with `myRole` set per recipient, members listed once, or a slim ' +
      '`conversation.offered` event); insert the offer rows in one statement; answer a take whose chat already has an owner with 409 from a cheap check before ' +
      'the access query, without building a stack trace; consider capping Ring all offers (or the members list in offer frames) for large queues.',
  ],
  files: [
    'Not profiled. The event loop is not blocked for a whole render: the worst delivery with photos in flight (tens of ms) stays far below one ' +
      'render (~230 ms). What rises is the tail, consistent with CPU contention on this 2-core machine: the server renders one image at a time ' +
      '(cores − 1), but libvips runs each image on its own thread pool (sharp.concurrency() defaults to the core count), so one render can occupy ' +
      'both cores, next to the two load-generator processes and other work on the machine (see the load average in the header).',
    'Candidates, unverified: cap libvips threads with sharp.concurrency(cores − 1) alongside the limiter, or render in a worker process at lower priority.',
  ],
  abuse: [
    "Median of 3 runs on a quiet machine (2026-11-30, after the connection cap): colleagues' p99 2.5 → 16.5 ms under the full attack (6.5×; the " +
      "others 25.3 vs 2.1 ms and 16.0 vs 3.5 ms), from 6,241 ms before the fixes. The server's event loop is not blocked (its delay p99 moves from " +
      "about 7 to 9 ms): the tail comes from bursts of cheap work that share the event loop with the colleagues' messages.",
    'One attack at a time (BENCH_ABUSE_ONLY=bombs|flood|slow), p99 vs quiet: bombs 1.6× (each upload is parsed, its header read and refused or ' +
      'rate-limited), the frame flood 3.1× (after the flooder is cut off it reconnects every 50 ms; each attempt, now refused with 429 before any ' +
      'lookup, still costs a TCP accept and an HTTP parse: ~300 a second), slow bodies 2.6× (300 connections arriving in the same instant).',
    "Next, largest first: refuse penalised and over-limit upgrades in the server's `upgrade` event before Fastify routes them; run the attacker " +
      "from a network-namespace host of its own so that its kernel work (loopback TCP) does not share the server's cores.",
  ],
  start: ['Not profiled yet.'],
  history: ['Not profiled yet.'],
  webhooks: [
    'Profiled 2026-11-30: the posts used to come from the server process itself (even the bare server then answered at p99 300 ms); they come from the load generator now. Each 200 cost ~1 ms of CPU, half of it the whole zod schema read for the dedupe key: a small walk reads the ids now, and the inbox insert is SQL text. Processing (customer, conversation, message, routing: ~2.5 ms a webhook, ~390/s) gave way to nothing: it now waits, up to 20 ms an item, while this node answers requests (RequestGauge). Together: ack p50 977 → 12 ms, p99 1.1 s → 0.55 s at 1,050/s.',
    "What is left: at 1,050/s the server runs at one full core (acks ~30%, processing the rest), so any pause (a long processing item, GC) queues requests in the providers' connections, where the gauge cannot see them; the tail is that queue draining with little spare CPU.",
    'Next: process stored webhooks in batches (one transaction for many messages, as sends are group-committed), or in a worker thread of their own, so that acknowledging never shares the core with processing; give processing a CPU budget per interval under load.',
  ],
};
