import type { ScenarioName } from './report.js';

/**
 * What a `node --cpu-prof` profile of the server process showed (the throughput load, SQLite, 2025-11-25,
 * shares of the server's sampled time); printed under a scenario whose target was missed.
 */
export const findings: Record<ScenarioName, string[]> = {
  throughput: [
    'The database path, not the socket layer: Kysely + better-sqlite3 take ~60% of the server thread ' +
      '(`SqliteConnection.executeQuery` 33% self time, which includes SQLite itself; `Database.prepare` 14%; Kysely query building ~12%), ' +
      'against ~11% for socket writes (`writev`), 8% GC and under 1% each for zod, ws parsing and fastify.',
    'Every send is 10 statements on the single SQLite connection: membership check, begin, insert message, touch conversation, ' +
      'advance the read marker, select members, one `update users set event_seq` per member, insert events, commit. ' +
      "Kysely's SqliteDriver prepares each statement anew (`db.prepare(sql)` per query, no statement cache) and serialises all of them behind one mutex.",
    'The server thread is not always on CPU (server CPU below 100% while every client waits on it): better-sqlite3 writes the WAL ' +
      'synchronously on the event loop, and checkpoints fsync. With DATA_DIR on tmpfs the same load ran at 100% CPU and ~20–40% more messages/s.',
    'Fixes, largest first: batch concurrent sends into one transaction (group commit: one begin/commit and one WAL append for all sends waiting on the mutex); ' +
      'cut the per-send statements (one `update users … where id in (…) returning id, event_seq`; keep conversation members in memory, ' +
      'which also answers the membership check; drop `touchConversation` in favour of the last message id); ' +
      'cache prepared statements in the SQLite connection (a Map from SQL text to Statement in a small custom Kysely driver or connection wrapper).',
    'On PostgreSQL (BENCH_DATABASE_URL) the server sits at about half a core and waits: the same 10 statements are 10 network round trips ' +
      'through a pool of 10 connections, every commit is flushed to the WAL, and two members of a direct chat sending at once queue on the ' +
      'same `users` rows (`event_seq`). Fewer statements per send and group commit help here most (not profiled in detail).',
  ],
  latency: [
    'At 2,000 sends/s the server runs at 60–80% of one core, so little headroom is left: any stall (a WAL checkpoint fsync on the event loop, a GC pause) ' +
      'queues the sends behind the single SQLite connection and the queue drains slowly. The fixes listed under throughput (fewer statements per send, ' +
      'statement cache, group commit) are what buys headroom here too.',
    'Right after start the warm-up p99 is far higher (see the row above): the first seconds run unoptimised Kysely code near capacity and build a backlog.',
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
    'Arrivals wait behind refusals: the visitors\' message POSTs share the event loop and the single SQLite connection with tens of thousands of doomed takes, so ' +
      'time to first offer grows to tens of seconds for the later chats. Under that load some visitor connections were reset (ECONNRESET): with the event loop ' +
      'busy, 1,000 new connections in one second likely overflow the listen backlog (Node\'s default 511).',
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
};
