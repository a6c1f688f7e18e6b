import type { ScenarioName } from './report.js';

/**
 * What `node --cpu-prof` profiles of the server process showed (the throughput load, SQLite, 2026-11-25,
 * shares of the server's sampled time); printed under a scenario whose target was missed.
 */
export const findings: Record<ScenarioName, string[]> = {
  throughput: [
    "Quiet machine, 2026-11-30 evening, median of 3: 6,853 msg/s against the relay's 38,034 (0.180×; the others 7,065 and 6,738); on PostgreSQL 680 and 640 msg/s in two runs (0.018×). Until this evening the scenario ran into the per-socket frame limit the security issue added (WS_FRAMES_PER_SECOND 20): a client answered quickly sends more than 20 frames a second, its socket was closed with 4008 mid-run and its sends never answered (up to 800 of ~27,000 in a run), so the figures since that limit came (2,163–3,764 msg/s) measured it more than the server. Load scenarios now lift it (bench/src/target/switchboard.ts LOAD_FRAME_LIMITS).",
    "Done this session: the group commit starts its transaction on setImmediate, after the loop turn's I/O, instead of at the first send (better-sqlite3 runs a whole transaction in microtasks, so batches held ~1.3 sends; now ~90: 294 commits for 26,000 messages); an event for 3+ users is stored once (event_payloads); each recipient's frame is the stored JSON with its seq appended instead of a second JSON.stringify per socket.",
    "What is left, from statement timings (better-sqlite3 statements wrapped with hrtime) and `node --cpu-prof`: SQLite runs ~85 µs of statements per message (the access check 26 µs, the users' event counters 20 µs, the message insert with its FTS5 row 13 µs, the events insert 7 µs, the rest ~20 µs), the rest of the ~145 µs a message costs is frames, parsing and promises, all on the one event loop. 0.35× of this relay (~13,300 msg/s) means ~75 µs a message in all, less than the per-message statements alone.",
    'Next steps, largest first: write a group-committed batch with one statement per table (one multi-row message insert, one event-counter update, one events insert for the whole batch) instead of ~8 statements per message; run the SQLite connection in a worker thread so the second core works; on PostgreSQL the same batching matters more (each statement is a round trip).',
  ],
  latency: [
    'Quiet machine, 2026-11-30 evening, median of 3: p99 6.81 ms (the others 6.69 and 6.91 ms), target met. At 2,000 sends/s over 100 clients each client sends 20 frames a second, exactly the per-socket frame limit: until this evening some runs had sockets closed mid-run (p99 15–37 ms); load scenarios now lift the limit.',
    'Right after start the warm-up p99 is higher (see the row above): the first seconds run unoptimised (not yet JIT-compiled) code and build a backlog.',
  ],
  'idle-memory': [
    'Per idle socket the server keeps the ws socket, a `Connection` with its promise chain, the Fastify request of the upgrade and a Set entry in the hub; ' +
      'the closures in server/src/events/routes.ts keep all of these alive for the life of the socket (not profiled: the target was met).',
  ],
  routing: [
    "Quiet machine, 2026-11-30 evening, median of 3 (Ring all first offer p99 12,091–12,288 ms; Hunt by threes 2,722–2,839 ms): from 19.9 s and 3.1 s at the start of the day. Done: takes go over the agent's socket (a `take` frame, as the web client now does) instead of an HTTP request each; an offer to 50 agents is stored once; each agent's frame reuses the stored JSON; the visitor lookup by token hash has an index (it scanned every identity on every visitor request).",
    'Arrivals themselves are the floor: with Hunt by threes (3 offers and 3 takes per chat) 1,000 first messages in one second take ~3.8 s of the one event loop, ~3 ms each (the visitor POST, customer events, the conversation, ~25 statements, routing and the offers). Time to first offer p99 ≤ 300 ms needs that below ~0.3 ms; Ring all adds 49,000 refused takes and 50 offer frames per chat (a take loop against one chat, on a busy machine, client included: ~130 µs of CPU a take over the socket against ~370 µs over HTTP).',
    'Next, largest first: batch arrivals as sends are (one transaction and one statement per table for the visitors\' messages that arrived in one loop turn); answer a take of a chat this node just saw taken from memory, without the access and refusal queries; move SQLite off the event loop. On PostgreSQL the routing bench gives no figures yet: the server falls far behind the Ring all burst (tens of thousands of takes waiting for its 10 pool connections), and closing it after the run takes longer than Fastify\'s 10 s, which ends the bench with AVV_ERR_READY_TIMEOUT ("Plugin did not start in time"). Overlapping routing rounds were one cause (fixed, server/src/rounds.ts); the run still fails after that fix.',
  ],
  files: [
    'Not profiled. The event loop is not blocked for a whole render: the worst delivery with photos in flight (tens of ms) stays far below one ' +
      'render (~230 ms). What rises is the tail, consistent with CPU contention on this 2-core machine: the server renders one image at a time ' +
      '(cores − 1), but libvips runs each image on its own thread pool (sharp.concurrency() defaults to the core count), so one render can occupy ' +
      'both cores, next to the two load-generator processes and other work on the machine (see the load average in the header).',
    'Candidates, unverified: cap libvips threads with sharp.concurrency(cores − 1) alongside the limiter, or render in a worker process at lower priority.',
  ],
  abuse: [
    "Quiet machine, 2026-11-30 evening, median of 3 by p99 under attack: 19.4 ms vs 2.75 ms quiet (7.1×; the others 18.7 vs 2.22 ms and 21.5 vs 3.02 ms). The flooder's reconnects are now answered with 429 only after 2 s (FLOOD_REFUSAL_DELAY_MS): refused upgrades fell from 2,940 to 80 a run, but the colleagues' p99 did not move, so the reconnect loop was not what is left.",
    "The server's event loop is not blocked (delay p99 ~7 → ~9 ms under attack); the attacker's process takes ~16% of this 2-core machine and its loopback traffic is kernel work on the same cores. Next: measure each attack alone again (BENCH_ABUSE_ONLY=bombs|flood|slow) after today's changes, cap the frame flood's cost per frame (each tiny frame is still parsed and counted before the cut), and run the attacker from a network namespace of its own so that its kernel work does not share the server's cores.",
  ],
  start: ['Not profiled yet.'],
  history: ['Not profiled yet.'],
  webhooks: [
    'Quiet machine, 2026-11-30 evening, median of 3 by ack p99: 31.8 ms (the others 21.3 ms and 153.0 ms) at 1,050/s, from 552 ms in the afternoon. Processing used to give way only to requests this node was already answering; the next webhooks waited unread in the kernel behind every processed item. Now an item that took t ms is followed by a pause of t ms while requests keep arriving (one started within the last 250 ms): under a stream of webhooks processing gets at most half the event loop, the acknowledgements the rest (http/request-gauge.ts, channels/lease.ts Pacing).',
    "Processing itself got faster with the day's other changes (group commit, the visitor index, shared event payloads): ~920–950 processed per second against ~390 before, so the backlog after the last ack is under a second.",
    "The tail is not gone: one run in three still had a p99 of 153 ms. Next: process stored webhooks in batches (one transaction for many), and look at what the slow run's stalls were (GC, WAL checkpoints).",
  ],
};
