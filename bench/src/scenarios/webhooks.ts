import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { accountStorage } from '@switchboard/server/src/channels/accounts/storage.js';
import type { ScenarioReport } from '../report.js';
import { formatMs, summarize } from '../stats.js';
import { startSwitchboard, type Switchboard } from '../target/switchboard.js';

const RATE = 1_000;
const SECONDS = 10;
const CUSTOMERS = 500;
/** Every twentieth webhook is sent a second time, as Meta retries: it must change nothing. */
const RETRY_EVERY = 20;
const TARGET_P99_MS = 50;
const APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';

/** One inbound text as Meta sends it, signed with the app secret. */
function webhook(i: number): { body: string; signature: string } {
  const from = String(491700000000 + (i % CUSTOMERS));
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${i % CUSTOMERS}` }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.BENCH${String(i).padStart(8, '0')}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Where is order ${i}?` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return { body, signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

async function whatsappAccount(sb: Switchboard): Promise<string> {
  const key = randomBytes(12).toString('base64url');
  await accountStorage.insert(sb.storage.db, {
    type: 'whatsapp',
    name: 'Bench WhatsApp',
    key,
    targetType: 'queue',
    targetId: 1,
    settings: JSON.stringify({ phoneNumberId: PHONE_NUMBER_ID, graphVersion: 'v23.0', templates: [] }),
    secrets: sb.services.channels.box.seal({ accessToken: 'unused', appSecret: APP_SECRET, verifyToken: 'unused' }),
    now: Date.now(),
  });
  await sb.storage.db
    .insertInto('queues')
    .values({
      id: 1,
      number: '800',
      name: 'Bench',
      strategy: 'ring_all',
      ring_time_s: 20,
      max_wait_s: 300,
      no_agents_destination: '{"type":"offline"}',
      timeout_destination: '{"type":"offline"}',
    })
    .execute();
  return key;
}

/** Posts the webhooks open-loop at RATE per second (a slow answer does not slow the sender) and times each answer. */
async function blast(url: string, count: number): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const latencies: number[] = [];
  let failures = 0;
  const post = (i: number) =>
    new Promise<void>((resolve) => {
      const { body, signature } = webhook(i);
      const started = performance.now();
      const request = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - started);
            if (response.statusCode !== 200) failures++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failures++;
        resolve();
      });
      request.end(body);
    });
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(i));
    if (i % RETRY_EVERY === 0) pending.push(post(i));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, failures, seconds };
}

/** The bare runtime: a Node HTTP server that reads the body, checks the HMAC and answers 200. */
async function bareReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const expected = `sha256=${createHmac('sha256', APP_SECRET).update(Buffer.concat(chunks)).digest('hex')}`;
      response.statusCode = expected === request.headers['x-hub-signature-256'] ? 200 : 401;
      response.end('EVENT_RECEIVED');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function waitProcessed(sb: Switchboard, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const pending = await sb.storage.db
      .selectFrom('webhook_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0 || performance.now() - started > timeoutMs) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** WhatsApp webhooks arriving at a steady rate: how fast each is acknowledged, and that none is lost or doubled. */
export async function webhooks(): Promise<ScenarioReport> {
  const count = RATE * SECONDS;
  const bare = await bareReceiver();
  let baseline: ReturnType<typeof blast> extends Promise<infer T> ? T : never;
  try {
    baseline = await blast(bare.url, count);
  } finally {
    await bare.close();
  }
  const sb = await startSwitchboard({ CHANNEL_TICK_MS: '200' });
  try {
    const key = await whatsappAccount(sb);
    const run = await blast(`${sb.httpUrl}/webhooks/${key}`, count);
    const drainSeconds = await waitProcessed(sb, 120_000);
    const stored = await sb.storage.db
      .selectFrom('messages')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('external_id').distinct().as('distinct')])
      .where('author', '=', 'customer')
      .executeTakeFirstOrThrow();
    const inbox = await sb.storage.db
      .selectFrom('webhook_inbox')
      .select((eb) => [eb.fn.countAll<number>().as('n')])
      .executeTakeFirstOrThrow();
    const ack = summarize(run.latencies);
    const base = summarize(baseline.latencies);
    const messages = Number(stored.n);
    const processedPerSecond = messages / (run.seconds + drainSeconds);
    return {
      name: 'webhooks',
      title: 'WhatsApp webhooks',
      setup:
        `${count.toLocaleString('en-US')} signed inbound-message webhooks from ${CUSTOMERS} customers, posted open-loop at ${RATE.toLocaleString('en-US')}/s ` +
        `for ${SECONDS} s over up to 128 keep-alive connections; every ${RETRY_EVERY}th is posted twice, as Meta retries. Each is verified, stored ` +
        `and acknowledged, then processed (customer, conversation, message, routing to a queue with nobody logged in). The bare Node server only checks the HMAC and answers.`,
      columns: ['', 'Switchboard', 'bare Node HTTP server'],
      rows: [
        [
          'acknowledged',
          `${run.latencies.length - run.failures} of ${run.latencies.length}`,
          `${baseline.latencies.length - baseline.failures} of ${baseline.latencies.length}`,
        ],
        [
          'sent at',
          `${Math.round(run.latencies.length / run.seconds).toLocaleString('en-US')}/s`,
          `${Math.round(baseline.latencies.length / baseline.seconds).toLocaleString('en-US')}/s`,
        ],
        ['ack p50', formatMs(ack.p50), formatMs(base.p50)],
        ['ack p99', formatMs(ack.p99), formatMs(base.p99)],
        ['ack max', formatMs(ack.max), formatMs(base.max)],
        ['stored webhooks', String(inbox.n), ''],
        ['messages in chats', `${messages} (${stored.distinct} distinct)`, ''],
        ['processed after the last ack', `${drainSeconds.toFixed(1)} s`, ''],
        ['processed, overall', `${Math.round(processedPerSecond).toLocaleString('en-US')}/s`, ''],
      ],
      targets: [
        {
          goal: `≥ ${RATE.toLocaleString('en-US')} webhooks/s acknowledged with p99 ≤ ${TARGET_P99_MS} ms`,
          measured: `${Math.round(run.latencies.length / run.seconds)}/s, p99 ${formatMs(ack.p99)}`,
          met: run.failures === 0 && run.latencies.length / run.seconds >= RATE * 0.98 && ack.p99 <= TARGET_P99_MS,
          shortfall: `p99 ${formatMs(ack.p99 - TARGET_P99_MS)} over`,
        },
        {
          goal: 'none lost or duplicated',
          measured: `${messages} messages for ${count} distinct webhooks`,
          met: messages === count && Number(stored.distinct) === count && Number(inbox.n) === count,
        },
      ],
      notes: [],
    };
  } finally {
    await sb.close();
  }
}
