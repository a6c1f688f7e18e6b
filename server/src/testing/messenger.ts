import type { ChannelTarget } from '@switchboard/protocol';
import { insertChannelAccount } from './channels.js';
import type { FakeMessenger } from './fake-messenger.js';
import type { Harness } from './harness.js';
import { APP_SECRET, VERIFY_TOKEN } from './whatsapp.js';

/** Messenger accounts and webhook bodies as Meta sends them (`object: "page"`), for tests. */

export interface TestMessengerAccount {
  id: number;
  key: string;
}

/** A Messenger channel account whose settings and secrets match the fake (same app secret and verify token as WhatsApp's helpers). */
export async function createMessengerAccount(
  h: Harness,
  fake: FakeMessenger,
  target: ChannelTarget,
  options: { humanAgentTag?: boolean } = {},
): Promise<TestMessengerAccount> {
  const settings = { pageId: fake.options.pageId, graphVersion: fake.options.version, humanAgentTag: options.humanAgentTag ?? false };
  const secrets = { pageAccessToken: fake.options.pageAccessToken, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  return insertChannelAccount(h, { type: 'messenger', name: 'Support Messenger', target, settings, secrets });
}

let midCounter = 0;
export const nextMid = () => `m_IN${String(++midCounter).padStart(6, '0')}AbCdEf`;

/** One webhook with these messaging events for the page. */
export function fbWebhook(pageId: string, ...messaging: Record<string, unknown>[]) {
  return { object: 'page', entry: [{ id: pageId, time: Date.now(), messaging }] };
}

/** A customer's message event: text and/or attachments. */
export function fbMessage(pageId: string, psid: string, message: Record<string, unknown>, timestamp = Date.now()) {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid: nextMid(), ...message } };
}

/** An echo of a message the Page sent to the customer (`app_id` is the app that sent it). */
export function fbEcho(pageId: string, psid: string, mid: string, text: string, appId = 263902037430900) {
  return { sender: { id: pageId }, recipient: { id: psid }, timestamp: Date.now(), message: { mid, text, is_echo: true, app_id: appId } };
}

export function fbReaction(pageId: string, psid: string, mid: string, action: 'react' | 'unreact', emoji = '❤️') {
  const reaction = action === 'react' ? { reaction: 'love', emoji, action, mid } : { action, mid };
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), reaction };
}

export function fbDelivery(pageId: string, psid: string, mids: string[] | undefined, watermark = Date.now()) {
  return { sender: { id: psid }, recipient: { id: pageId }, delivery: { ...(mids ? { mids } : {}), watermark } };
}

export function fbRead(pageId: string, psid: string, watermark = Date.now()) {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp: watermark, read: { watermark } };
}

export function fbPostback(pageId: string, psid: string, title: string, payload: string) {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), postback: { title, payload, mid: nextMid() } };
}
