import type { ScenarioName } from './report.js';

/**
 * What `node --cpu-prof` profiles of the server process showed (the throughput load, SQLite, 2026-11-25,
 * shares of the server's sampled time); printed under a scenario whose target was missed.
 */
export const findings: Record<ScenarioName, string[]> = {
  throughput: [
    "Quiet machine, 2026-12-01 just after midnight, median of 3: 16,012 msg/s against the relay's 41,014 (0.390×; the others 0.482× and 0.387×; a fourth run that started with the load at 3.2 right after the test suite gave 0.416×), target met. The same machine before the evening's changes (bcdb385, one run): 8,845 msg/s against 47,459 (0.186×). This machine is faster than the afternoon's (its relay 40–52k against 38k), so compare ratios, not rates. On PostgreSQL: 7,471 and 8,428 msg/s in two runs (0.145× and 0.169×), from 680 and 640 msg/s (0.018×) in the afternoon.",
    "Done tonight: a batch of sends is written with one statement per table (conversations/posting.ts: one multi-row message insert, one counter update for every recipient, one events insert, one read-marker update) instead of ~8 statements per message, and an event for two colleagues (a direct chat's message) is stored once like an offer to a queue; the access check reads its facts with scalar subqueries (SQLite ran the left-join form 3.3× slower: 12.6 against 3.8 µs) and hands them back, so a send to a colleagues' chat skips the customer-chat checks; above SQLITE_WRITER_FROM_RATE (4,000 sends/s) sends are written by an SQLite writer thread on a second connection (db/offload.ts), so the second core works (server process CPU ~140%).",
    "What holds it now, from `node --cpu-prof` of both threads (SQLITE_WRITER_CPU_PROF=<folder> profiles the writer thread): at saturation the writer thread is the limit (busy ~80% of the run, ~43 µs a message) while the server thread idles ~35%. In the writer thread SQLite's statements are ~45% and the commit alone ~18%: a batch of ~400 sends dirties ~500 pages (random inserts into the per-author client-id index, the per-conversation message index and the per-user events key), each written to the WAL. The multi-row statements change shape with the batch size, so they are prepared anew per batch (~5% with Kysely's compile); garbage collection ~8%.",
    'Next: statements of constant shape (id lists as json_each / unnest), the events table clustered by (user_id, seq) (WITHOUT ROWID: one b-tree instead of two), then the event rows themselves (two per direct message).',
  ],
  latency: [
    "Quiet machine, 2026-12-01 just after midnight, median of 3: p99 3.85 ms (the others 4.37 and 3.84 ms; a fourth run that started with the load at 3.2 right after the test suite gave 13.4 ms), target met; the same machine before the evening's changes: 5.55 and 6.62 ms. Handing every send to the SQLite writer thread made it worse (8.5–16 ms in four runs: every send waited for two thread hops), so below SQLITE_WRITER_FROM_RATE sends are written in the server's thread (chat/send-writer.ts).",
    'Right after start the warm-up p99 is higher (see the row above): the first seconds run unoptimised (not yet JIT-compiled) code and build a backlog.',
  ],
  'idle-memory': [
    'Per idle socket the server keeps the ws socket, a `Connection` with its promise chain, the Fastify request of the upgrade and a Set entry in the hub; ' +
      'the closures in server/src/events/routes.ts keep all of these alive for the life of the socket (not profiled: the target was met).',
  ],
  routing: [
    "Quiet machine, 2026-11-30 late evening, median of 3 (Ring all first offer p99 6,784–8,343 ms; Hunt by threes 1,722–2,614 ms). The same machine before tonight's changes (bcdb385, one run): Ring all 7,972 ms, Hunt 1,420 ms, so tonight did not move it; the drop from 12.2 s this afternoon is the faster machine.",
    "Statement timings of a Ring all run (better-sqlite3 statements wrapped with hrtime): 2,010 transactions, each commit ~470 µs (0.95 s in all); the offers' and takes' event rows, 50 per insert at ~6.4 µs a row (0.64 s); per refused Take the access check and, until tonight, three more reads to word the refusal (now one: accessStorage.takeRefusal). Arrivals and refusals all run on the server's thread; the writer thread takes only colleagues' sends.",
    "Next, largest first: write arrivals (the visitor's message, its conversation, the offers) in batches as sends now are, and in the writer thread; store an offer to a queue as one row the agents' streams point at rather than 50 event rows; answer a take of a chat this node just saw taken from memory. On PostgreSQL the routing bench still gives no figures: closing the server after the Ring all burst takes longer than Fastify's 10 s (AVV_ERR_READY_TIMEOUT, 'Plugin did not start in time'), again tonight.",
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
