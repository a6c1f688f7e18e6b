import { createHmac } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { WebhookBlast, WebhookBlastResult } from './messages.js';

/** One inbound WhatsApp text as Meta sends it, signed with the app secret. */
export function whatsappWebhook(i: number, plan: Pick<WebhookBlast, 'customers' | 'appSecret' | 'phoneNumberId'>): { body: string; signature: string } {
  const from = String(491700000000 + (i % plan.customers));
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
              metadata: { display_phone_number: '15550783881', phone_number_id: plan.phoneNumberId },
              contacts: [{ profile: { name: `Customer ${i % plan.customers}` }, wa_id: from }],
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
  return { body, signature: `sha256=${createHmac('sha256', plan.appSecret).update(body).digest('hex')}` };
}

/**
 * Posts the webhooks open-loop at `rate` per second (a slow answer does not slow the sender) and times
 * each answer. Every `retryEvery`th is posted twice, as Meta retries. Runs in the load-generator process
 * so the server's event loop serves only the server.
 */
export async function blastWebhooks(plan: WebhookBlast): Promise<WebhookBlastResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const fail = (why: string) => {
    failures++;
    firstFailure ??= why;
  };
  const post = (i: number) =>
    new Promise<void>((resolve) => {
      const { body, signature } = whatsappWebhook(i, plan);
      const started = performance.now();
      const request = http.request(
        plan.url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - started);
            if (response.statusCode !== 200) fail(`status ${response.statusCode}`);
            resolve();
          });
        },
      );
      request.on('error', (error) => {
        fail(error.message);
        resolve();
      });
      request.end(body);
    });
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < plan.count; i++) {
    const wait = started + (i * 1000) / plan.rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(i));
    if (i % plan.retryEvery === 0) pending.push(post(i));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, failures, firstFailure, seconds };
}
