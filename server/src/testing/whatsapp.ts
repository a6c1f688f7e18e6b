import type { ChannelTarget, WhatsAppTemplate } from '@switchboard/protocol';
import { insertChannelAccount } from './channels.js';
import { FAKE_GRAPH_DEFAULTS, FakeGraph } from './fake-graph.js';
import type { Harness } from './harness.js';
import { signWebhook } from './whatsapp-webhooks.js';

export const APP_SECRET = 'app-secret-1';
export const VERIFY_TOKEN = 'verify-token-1';

/** Starts a fake Graph API and a harness pointed at it (META_GRAPH_URL). */
export async function startFakeGraph(): Promise<FakeGraph> {
  return FakeGraph.start(FAKE_GRAPH_DEFAULTS);
}

export interface TestWhatsAppAccount {
  id: number;
  key: string;
}

/** A WhatsApp channel account whose settings and secrets match the fake Graph server. */
export async function createWhatsAppAccount(
  h: Harness,
  fake: FakeGraph,
  target: ChannelTarget,
  options: { templates?: WhatsAppTemplate[]; businessAccountId?: string } = {},
): Promise<TestWhatsAppAccount> {
  const settings = {
    phoneNumberId: fake.options.phoneNumberId,
    businessAccountId: options.businessAccountId ?? '',
    displayPhoneNumber: '+1 555 078 3881',
    graphVersion: fake.options.version,
    templates: options.templates ?? [],
  };
  const secrets = { accessToken: fake.options.accessToken, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  return insertChannelAccount(h, { type: 'whatsapp', name: 'Support WhatsApp', target, settings, secrets });
}

/** POSTs a webhook body to the account's URL, signed as Meta signs it (or with `signature` as given). */
export function postWebhook(h: Harness, key: string, body: unknown, signature?: string | null) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature ?? signWebhook(APP_SECRET, raw);
  return h.app.inject({ method: 'POST', url: `/webhooks/${key}`, headers, payload: raw });
}

/** Now in the provider's unit (seconds), optionally shifted. */
export const providerNow = (shiftMs = 0) => Math.floor((Date.now() + shiftMs) / 1000);
