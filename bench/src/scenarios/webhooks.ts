import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { accountStorage } from '@switchboard/server/src/channels/accounts/storage.js';
import { LoadGenerator } from '../load/remote.js';
import type { WebhookBlast } from '../load/messages.js';
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
const CONNECTIONS = 128;

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
  const plan = (url: string): WebhookBlast => ({
    url,
    count,
    rate: RATE,
    connections: CONNECTIONS,
    customers: CUSTOMERS,
    retryEvery: RETRY_EVERY,
    appSecret: APP_SECRET,
    phoneNumberId: PHONE_NUMBER_ID,
  });
  const generator = LoadGenerator.start();
  const bare = await bareReceiver();
  let baseline: Awaited<ReturnType<LoadGenerator['webhooks']>>;
  try {
    baseline = await generator.webhooks(plan(bare.url));
  } finally {
    await bare.close();
  }
  const sb = await startSwitchboard({ CHANNEL_TICK_MS: '200' });
  try {
    const key = await whatsappAccount(sb);
    const cpuStart = process.cpuUsage();
    const run = await generator.webhooks(plan(`${sb.httpUrl}/webhooks/${key}`));
    const cpu = process.cpuUsage(cpuStart);
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
        `and acknowledged, then processed (customer, conversation, message, routing to a queue with nobody logged in). The bare Node server only checks the HMAC and answers. The webhooks are posted from the separate load-generator process.`,
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
        ['server process CPU while posting', `${Math.round(((cpu.user + cpu.system) / 1000 / (run.seconds * 1000)) * 100)}%`, ''],
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
      notes: run.firstFailure ? [`first failure: ${run.firstFailure}`] : [],
    };
  } finally {
    generator.stop();
    await sb.close();
  }
}
