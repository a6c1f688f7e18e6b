import type { SmsSettings } from '@switchboard/protocol';
import type { OutboundMessage, SendResult } from '../adapter.js';

/** Twilio's limits (Messages resource): a body of at most 1600 characters; 10 media of 5 MB in all. */
export const BODY_MAX = 1600;
export const MEDIA_MAX = 10;
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

export interface TwilioCredentials {
  /** The account SID and auth token, or an API key SID and its secret. */
  username: string;
  password: string;
}

export const basicAuth = (c: TwilioCredentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** "tel:+4917…" → "+4917…"; anything else is not an SMS customer. */
export function numberOf(externalId: string): string | undefined {
  const match = /^tel:(\+[1-9][0-9]{6,14})$/.exec(externalId);
  return match?.[1];
}

/**
 * What the outbox hands over → the form Twilio's `Messages.json` takes, or the reason it cannot be sent
 * (refused before calling Twilio, so the agent sees why at once).
 */
export function messageForm(settings: SmsSettings, message: OutboundMessage, statusCallback: string): URLSearchParams | Extract<SendResult, { ok: false }> {
  const to = numberOf(message.to);
  if (!to) return { ok: false, retry: false, code: 'INVALID_RECIPIENT', message: `Not a phone number: ${message.to}` };
  if ([...message.text].length > BODY_MAX) return { ok: false, retry: false, code: 'BODY_TOO_LONG', message: `An SMS holds at most ${BODY_MAX} characters` };
  if (message.files.length > MEDIA_MAX) return { ok: false, retry: false, code: 'TOO_MANY_FILES', message: `An MMS carries at most ${MEDIA_MAX} files` };
  const total = message.files.reduce((sum, f) => sum + f.size, 0);
  if (total > MEDIA_MAX_BYTES) return { ok: false, retry: false, code: 'FILES_TOO_LARGE', message: 'An MMS carries at most 5 MB of files in all' };
  if (message.files.some((f) => !f.publicUrl)) return { ok: false, retry: false, code: 'NO_MEDIA_LINK', message: 'The files have no public link for Twilio' };
  if (!message.text.trim() && message.files.length === 0) return { ok: false, retry: false, code: 'EMPTY_MESSAGE', message: 'Nothing to send' };

  const form = new URLSearchParams({ To: to });
  // A messaging service picks the sender itself (and handles its opt-outs); otherwise our first number.
  if (settings.messagingServiceSid) form.set('MessagingServiceSid', settings.messagingServiceSid);
  else form.set('From', settings.phoneNumbers[0] ?? '');
  if (message.text.trim()) form.set('Body', message.text);
  for (const file of message.files) form.append('MediaUrl', file.publicUrl as string);
  form.set('StatusCallback', statusCallback);
  return form;
}

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` → the message SID. 429, 5xx and network errors
 * are retried (after Retry-After when given); other refusals fail with Twilio's code (e.g. 21610).
 */
export async function sendMessage(
  apiUrl: string,
  accountSid: string,
  credentials: TwilioCredentials,
  form: URLSearchParams,
  timeoutMs: number,
): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: basicAuth(credentials), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, retry: true, code: 'NETWORK', message: `Twilio could not be reached: ${(error as Error).message}` };
  }
  const data = (await response.json().catch(() => null)) as { sid?: unknown; code?: unknown; message?: unknown } | null;
  if (response.ok) {
    if (typeof data?.sid === 'string' && data.sid) return { ok: true, providerMessageId: data.sid };
    return { ok: false, retry: false, code: 'BAD_RESPONSE', message: 'Twilio answered without a message SID' };
  }
  const code = data?.code === undefined || data?.code === null ? `HTTP_${response.status}` : String(data.code);
  const message = typeof data?.message === 'string' ? data.message : `Twilio answered HTTP ${response.status}`;
  const retry = response.status === 429 || response.status >= 500;
  const after = Number(response.headers.get('retry-after'));
  return { ok: false, retry, code, message, ...(retry && Number.isFinite(after) && response.headers.has('retry-after') ? { retryAfterMs: after * 1000 } : {}) };
}
