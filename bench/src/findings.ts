import type { ScenarioName } from './report.js';

/**
 * What `node --cpu-prof` profiles of the server process showed (the throughput load, SQLite, 2026-11-25,
 * shares of the server's sampled time); printed under a scenario whose target was missed.
 */
export const findings: Record<ScenarioName, string[]> = {
  throughput: [
    "2026-12-01 morning, a slower machine (its relay 18–22k msg/s against 41–52k the night before), median of 3: 7,766 msg/s against the relay's 18,293 (0.425×; the others 0.370× and 0.433×), target met. On PostgreSQL the same morning: 3,113 msg/s against 25,752 (0.121×); the code before this session on the same machine gave 3,117 (0.129×), this session's 2,861 in a second run: no change beyond the noise. The night before, on the faster machine: 0.390× (SQLite), 7,471 and 8,428 msg/s (PostgreSQL).",
    "Done tonight: a batch of sends is written with one statement per table (conversations/posting.ts: one multi-row message insert, one counter update for every recipient, one events insert, one read-marker update) instead of ~8 statements per message, and an event for two colleagues (a direct chat's message) is stored once like an offer to a queue; the access check reads its facts with scalar subqueries (SQLite ran the left-join form 3.3× slower: 12.6 against 3.8 µs) and hands them back, so a send to a colleagues' chat skips the customer-chat checks; above SQLITE_WRITER_FROM_RATE (4,000 sends/s) sends are written by an SQLite writer thread on a second connection (db/offload.ts), so the second core works (server process CPU ~140%).",
    "What holds it now, from `node --cpu-prof` of both threads (SQLITE_WRITER_CPU_PROF=<folder> profiles the writer thread): at saturation the writer thread is the limit (busy ~80% of the run, ~43 µs a message) while the server thread idles ~35%. In the writer thread SQLite's statements are ~45% and the commit alone ~18%: a batch of ~400 sends dirties ~500 pages (random inserts into the per-author client-id index, the per-conversation message index and the per-user events key), each written to the WAL. The multi-row statements change shape with the batch size, so they are prepared anew per batch (~5% with Kysely's compile); garbage collection ~8%.",
    'Next: statements of constant shape (id lists as json_each / unnest), the events table clustered by (user_id, seq) (WITHOUT ROWID: one b-tree instead of two), then the event rows themselves (two per direct message).',
  ],
  latency: [
    "2026-12-01 morning, a slower and noisier machine: p99 17.8 ms, median of 3 (the others 15.1 and 24.5 ms), target missed; the bare relay's own p99 was 1.4–2.1 ms (the night before ~0.5 ms). The code before this session on the same machine gave 12.5 and 14.0 ms in two runs, so part of the miss is the machine and part may be this session's: with the SQLite log restarted past 4,096 frames (db/checkpointer.ts), alternating runs gave 17.1 and 28.6 ms against 14.0 and 15.0 ms without restarts (each restart makes writers wait for a flush of the database file), so restarts now wait for 16,384 frames (12.6 and 20.4 ms in two runs). The night before, on the faster machine: 3.85 ms.",
    "Handing every send to the SQLite writer thread made it worse (8.5–16 ms in four runs: every send waited for two thread hops), so below SQLITE_WRITER_FROM_RATE sends are written in the server's thread (chat/send-writer.ts).",
    'Right after start the warm-up p99 is higher (see the row above): the first seconds run unoptimised (not yet JIT-compiled) code and build a backlog.',
  ],
  'idle-memory': [
    'Per idle socket the server keeps the ws socket, a `Connection` with its promise chain, the Fastify request of the upgrade and a Set entry in the hub; ' +
      'the closures in server/src/events/routes.ts keep all of these alive for the life of the socket (not profiled: the target was met).',
  ],
  routing: [
    '2026-12-01 morning, the slower machine, median of 3 by Ring all: first offer p99 12,445 ms (the others 14,794 and 12,208 ms), Hunt by threes 2,832 ms (4,882 and 4,710 ms). The code before this session on the same machine (593c12c, one run): Ring all 17,810 ms, Hunt by threes 6,991 ms; the first run of the session there: 16,614 and 4,853 ms. So about a quarter to a third faster, and still 12× and 9× the targets.',
    "What this session changed for it: a take of a chat whose take is already running on this node waits for that one and is refused from its outcome (27,000 of the 49,000 refused takes had each opened a transaction); a conversation's view and the other hot reads are compiled once (db/prepared.ts; the view's share of a Hunt by threes profile fell from 15% to 3%); the agents' figures of the day are read only for the strategies that use them (~320 µs per offer); on SQLite, changes submitted together share a transaction with a savepoint each (commits: 2,000 × ~1.7 ms → ~900 × 0.7 ms), and the log no longer grows without end under the burst (it reached 290 MB beside a 5 MB database).",
    'What holds it now (profiles and statement timings of Ring all): the server thread is saturated (~105% process CPU) with ~21 ms of work per chat: 100 event rows and 100 frames per chat (50 offers, 49 removals, 1 update; ~8 µs a row with its counter), 50 take frames in with 49 refusals out (each an access check of ~16 µs SQL plus its JS), Kysely still building most other statements (~20% of the thread), and ~8% in socket writes (one writev per agent per frame). The second core idles.',
    "On PostgreSQL (first figures: the run used to end in the shutdown timeout, and visitors' messages answered 500 on deadlocks): Ring all first offer p99 51.7 s, 992 of 1,000 chats owned within the run; Hunt by threes 16.6 s, all owned after 20.2 s; every first message answered, no double assignment. The offers of a queue all update the same agents' event counters, so their transactions queue on those rows; each holds them only for its commit now (events are written at the end of the transaction, counters locked in id order).",
    "Next, largest first: store an offer to a queue (and its withdrawal) as one row the agents' streams point at, not 50 event rows and 50 frames each; write arrivals in batches and in the writer thread as sends are; answer refused takes from the facts already read; prepared statements for the rest of the take and arrival paths.",
  ],
  files: [
    'Not profiled. The event loop is not blocked for a whole render: the worst delivery with photos in flight (tens of ms) stays far below one ' +
      'render (~230 ms). What rises is the tail, consistent with CPU contention on this 2-core machine: the server renders one image at a time ' +
      '(cores − 1), but libvips runs each image on its own thread pool (sharp.concurrency() defaults to the core count), so one render can occupy ' +
      'both cores, next to the two load-generator processes and other work on the machine (see the load average in the header).',
    'Candidates, unverified: cap libvips threads with sharp.concurrency(cores − 1) alongside the limiter, or render in a worker process at lower priority.',
  ],
  abuse: [
    "Quiet machine, 2026-11-30 late evening. Each attack alone first (one run each): image bombs 2.27×, the frame flood 2.90×, slow bodies 2.15×; all together 5.55–11.25× in three runs. The flood's cost was the rest of what one read brought (up to 64 KB: ~10,000 tiny frames), parsed at once after the socket was already cut; now it is parsed one frame per loop turn (events/cut.ts), and the flood alone is 1.56–1.92×. ws's own `allowSynchronousEvents: false` for every socket gave 2.60× for the whole attack in one run but cost a quarter of the chat throughput, so only a cut socket is switched.",
    "What is left: each attack alone still costs ~1.5–2.3× and together they share this 2-core machine (the attacker's process, its loopback traffic as kernel work, the image decoder thread, the SQLite checkpointer). The server's event loop is not blocked (delay p99 ~7 → ~8 ms). Next: the image bombs' decode thread at a lower priority, the slow bodies' timers, and the attacker in a network namespace of its own.",
  ],
  start: ['Not profiled yet.'],
  history: ['Not profiled yet.'],
  webhooks: [
    'Quiet machine, 2026-11-30 evening, median of 3 by ack p99: 31.8 ms (the others 21.3 ms and 153.0 ms) at 1,050/s, from 552 ms in the afternoon. Processing used to give way only to requests this node was already answering; the next webhooks waited unread in the kernel behind every processed item. Now an item that took t ms is followed by a pause of t ms while requests keep arriving (one started within the last 250 ms): under a stream of webhooks processing gets at most half the event loop, the acknowledgements the rest (http/request-gauge.ts, channels/lease.ts Pacing).',
    "Processing itself got faster with the day's other changes (group commit, the visitor index, shared event payloads): ~920–950 processed per second against ~390 before, so the backlog after the last ack is under a second.",
    "The tail is not gone: one run in three still had a p99 of 153 ms. Next: process stored webhooks in batches (one transaction for many), and look at what the slow run's stalls were (GC, WAL checkpoints).",
  ],
};
