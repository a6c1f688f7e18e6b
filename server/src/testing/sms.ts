import type { ChannelTarget } from '@switchboard/protocol';
import twilio from 'twilio';
import { insertChannelAccount } from './channels.js';
import { FakeTwilio, sid } from './fake-twilio.js';
import type { Harness } from './harness.js';

export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = 'twilio-auth-token-1';
export const OUR_NUMBER = '+15005550006';

export const API_KEY = { sid: `SK${'fedcba9876543210'.repeat(2)}`, secret: 'twilio-api-key-secret-1' };

export function startFakeTwilio(): Promise<FakeTwilio> {
  return FakeTwilio.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [OUR_NUMBER], apiKey: API_KEY });
}

export interface TestSmsAccount {
  id: number;
  key: string;
}

/** An SMS channel account whose settings and auth token match the fake Twilio. */
export async function createSmsAccount(h: Harness, target: ChannelTarget): Promise<TestSmsAccount> {
  const settings = { provider: 'twilio', accountSid: ACCOUNT_SID, phoneNumbers: [OUR_NUMBER], messagingServiceSid: '' };
  return insertChannelAccount(h, { type: 'sms', name: 'Support SMS', target, settings, secrets: { authToken: AUTH_TOKEN } });
}

/** An incoming SMS as Twilio posts it ("A message comes in"), with MediaUrlN for an MMS. */
export function incomingSms(
  from: string,
  body: string,
  options: { messageSid?: string; media?: { url: string; type: string }[] } = {},
): Record<string, string> {
  const media = options.media ?? [];
  const params: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: options.messageSid ?? sid(media.length ? 'MM' : 'SM'),
    NumMedia: String(media.length),
    ToCity: '',
    FromZip: '',
    SmsSid: '',
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'DE',
    To: OUR_NUMBER,
    MessagingServiceSid: '',
    ToZip: '',
    NumSegments: '1',
    MessageSid: '',
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
  };
  params.SmsSid = params.SmsMessageSid!;
  params.MessageSid = params.SmsMessageSid!;
  media.forEach((m, i) => {
    params[`MediaContentType${i}`] = m.type;
    params[`MediaUrl${i}`] = m.url;
  });
  return params;
}

/** A status callback as Twilio posts it to StatusCallback. */
export function statusCallback(messageSid: string, status: string, to: string, errorCode?: string): Record<string, string> {
  return {
    SmsSid: messageSid,
    SmsStatus: status,
    MessageStatus: status,
    To: to,
    MessageSid: messageSid,
    AccountSid: ACCOUNT_SID,
    From: OUR_NUMBER,
    ApiVersion: '2010-04-01',
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}

/**
 * POSTs form parameters to the account's webhook URL, signed by the official `twilio` package over the
 * public URL (or with `signature` as given; null leaves the header out).
 */
export function postTwilio(h: Harness, key: string, params: Record<string, string>, signature?: string | null) {
  const url = `${h.config.publicUrl.replace(/\/+$/, '')}/webhooks/${key}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
  return h.app.inject({ method: 'POST', url: `/webhooks/${key}`, headers, payload: new URLSearchParams(params).toString() });
}
