import type { SmsSettings } from '@switchboard/protocol';
import type { ConnectionCheck } from '../adapter.js';
import { basicAuth, type TwilioCredentials } from './send.js';

/** Twilio lists at most this many numbers a page; an account with more is checked against the first page. */
const PAGE_SIZE = 1000;

type Answer = { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string };

async function getJson(url: string, credentials: TwilioCredentials, timeoutMs: number): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: basicAuth(credentials), accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timeout = (error as Error).name === 'TimeoutError';
    return {
      ok: false,
      code: timeout ? 'TIMEOUT' : 'NETWORK',
      message: timeout ? 'Twilio did not answer in time' : `Twilio could not be reached: ${(error as Error).message}`,
    };
  }
  const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok && data) return { ok: true, data };
  const code = data?.code === undefined || data?.code === null ? `HTTP_${response.status}` : String(data.code);
  return { ok: false, code, message: typeof data?.message === 'string' ? data.message : `Twilio answered HTTP ${response.status}` };
}

/**
 * For "Test connection": `GET /2010-04-01/Accounts/{sid}.json` (the credentials work; the account's
 * friendly name and status), then `GET …/IncomingPhoneNumbers.json` (which of the configured numbers
 * the account really has: Twilio refuses a From it does not own, 21606).
 */
export async function checkTwilioAccount(apiUrl: string, settings: SmsSettings, credentials: TwilioCredentials, timeoutMs: number): Promise<ConnectionCheck> {
  if (!/^AC[0-9a-f]{32}$/.test(settings.accountSid)) return { ok: false, code: 'BAD_SETTINGS', message: 'Not an account SID' };
  const base = `${apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${settings.accountSid}`;
  const account = await getJson(`${base}.json`, credentials, timeoutMs);
  if (!account.ok) return account;
  if (account.data.status !== 'active') {
    return { ok: false, code: 'ACCOUNT_NOT_ACTIVE', message: `The Twilio account is ${String(account.data.status)}` };
  }
  const numbers = await getJson(`${base}/IncomingPhoneNumbers.json?PageSize=${PAGE_SIZE}`, credentials, timeoutMs);
  if (!numbers.ok) return numbers;
  const listed = Array.isArray(numbers.data.incoming_phone_numbers)
    ? (numbers.data.incoming_phone_numbers as { phone_number?: unknown }[]).map((n) => String(n.phone_number ?? ''))
    : [];
  const configured = settings.phoneNumbers;
  return {
    ok: true,
    name: typeof account.data.friendly_name === 'string' ? account.data.friendly_name : '',
    address: configured.filter((n) => listed.includes(n)).join(', ') || settings.messagingServiceSid,
    missingNumbers: configured.filter((n) => !listed.includes(n)),
  };
}
