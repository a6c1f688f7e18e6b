import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ScenarioReport } from '../report.js';
import { formatMs, summarize } from '../stats.js';
import { seedDirectChats, seedUsers } from '../target/seed.js';
import { startSwitchboard, type Switchboard } from '../target/switchboard.js';

const TOTAL_MESSAGES = 1_000_000;
const CHATS = 100;
const PAGE = 50;
const REQUESTS = 500;
const TARGET_P99_MS = 5;
const CHUNK = 2_000;

/** 1 M messages spread over the chats, written in large transactions straight into the table. */
async function seedMessages(sb: Switchboard, chats: { id: number; members: [number, number] }[]): Promise<void> {
  const now = Date.now() - TOTAL_MESSAGES;
  for (let start = 0; start < TOTAL_MESSAGES; start += CHUNK * 10) {
    await sb.storage.db.transaction().execute(async (trx) => {
      for (let from = start; from < Math.min(TOTAL_MESSAGES, start + CHUNK * 10); from += CHUNK) {
        const rows = Array.from({ length: Math.min(CHUNK, TOTAL_MESSAGES - from) }, (_, k) => {
          const i = from + k;
          const chat = chats[i % chats.length]!;
          const sender = chat.members[i % 2]!;
          return {
            conversation_id: chat.id,
            author: 'user' as const,
            sender_id: sender,
            sender_name: `Bench User ${sender}`,
            author_key: `user:${sender}`,
            client_id: `bench-history-${i}`,
            body: `Message ${i}: the order has shipped and should arrive on Thursday.`,
            system: null,
            created_at: now + i,
          };
        });
        // SQLite allows 32766 variables per statement: 9 columns × 2,000 rows fits.
        await trx.insertInto('messages').values(rows).execute();
      }
    });
  }
}

async function timeRequests(url: string, token: string | undefined): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.get(url, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      });
      request.on('error', reject);
    });
  try {
    for (let i = 0; i < 20; i++) await get(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await get();
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    agent.destroy();
  }
}

/** The same page of JSON from a bare Node HTTP server: what answering it costs without the server's work. */
async function bareServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Opening a conversation: its latest page of messages, with a million messages stored. */
export async function history(): Promise<ScenarioReport> {
  const sb = await startSwitchboard();
  try {
    const users = await seedUsers(sb, 2 * CHATS);
    const chats = await seedDirectChats(sb, users);
    const seeding = performance.now();
    await seedMessages(sb, chats);
    const seedSeconds = (performance.now() - seeding) / 1000;
    const chat = chats[0]!;
    const reader = users.find((u) => u.id === chat.members[0])!;
    const url = `${sb.httpUrl}/api/conversations/${chat.id}/messages?limit=${PAGE}`;
    const page = await (await fetch(url, { headers: { authorization: `Bearer ${reader.token}` } })).text();
    const served = summarize(await timeRequests(url, reader.token));
    const bare = await bareServer(page);
    let baseline: ReturnType<typeof summarize>;
    try {
      baseline = summarize(await timeRequests(bare.url, undefined));
    } finally {
      await bare.close();
    }
    return {
      name: 'history',
      title: 'Conversation history',
      setup:
        `${TOTAL_MESSAGES.toLocaleString('en-US')} messages in ${CHATS} direct chats (${(TOTAL_MESSAGES / CHATS).toLocaleString('en-US')} each), ` +
        `written straight into the table (seeding took ${seedSeconds.toFixed(1)} s). One member opens a chat: ${REQUESTS} GETs of its latest ` +
        `${PAGE} messages, one after another over a keep-alive connection, after 20 unmeasured; the bare Node server answers the same JSON.`,
      columns: ['', 'Switchboard', 'bare Node HTTP server'],
      rows: [
        ['p50', formatMs(served.p50), formatMs(baseline.p50)],
        ['p99', formatMs(served.p99), formatMs(baseline.p99)],
        ['max', formatMs(served.max), formatMs(baseline.max)],
        ['page size', `${(page.length / 1024).toFixed(1)} KiB`, ''],
      ],
      targets: [
        {
          goal: `the first page (${PAGE}) answers in p99 ≤ ${TARGET_P99_MS} ms`,
          measured: formatMs(served.p99),
          met: served.p99 <= TARGET_P99_MS,
          shortfall: `${formatMs(served.p99 - TARGET_P99_MS)} over`,
        },
      ],
      notes: [],
    };
  } finally {
    await sb.close();
  }
}
