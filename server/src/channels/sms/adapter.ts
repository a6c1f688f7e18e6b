import { type SmsSettings, smsHelpDefault } from '@switchboard/protocol';
import type { AccountContext, ChannelAdapter } from '../adapter.js';
import { CAPABILITIES } from '../capabilities.js';
import { checkTwilioAccount } from './account-check.js';
import { classify, dedupeKey, parseWebhook } from './inbound.js';
import { asksForHelp } from './keywords.js';
import { openMedia } from './media.js';
import { basicAuth, messageForm, sendMessage, type TwilioCredentials } from './send.js';
import { verifySignature } from './signature.js';

/** As stored: the API key pair only when set (a type, not an interface, so it reads as the directory's record). */
export type SmsSecrets = {
  authToken: string;
  apiKeySid?: string;
  apiKeySecret?: string;
};

export type SmsAccount = AccountContext<SmsSettings, SmsSecrets>;

export interface SmsLimits {
  /** Largest MMS media file we download (the file pipeline's upload limit). */
  mediaMaxBytes: number;
  requestTimeoutMs: number;
  mediaTimeoutMs: number;
}

export const SMS_LIMITS_DEFAULT: SmsLimits = { mediaMaxBytes: 100 * 1024 * 1024, requestTimeoutMs: 15_000, mediaTimeoutMs: 120_000 };

/** Twilio answers an incoming message's webhook by the TwiML it gets back: an empty one sends nothing. */
const EMPTY_TWIML = { contentType: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** TwiML that has Twilio text `text` back to the sender at once (the HELP answer). */
const replyTwiml = (text: string) => ({
  contentType: EMPTY_TWIML.contentType,
  body: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)}</Message></Response>`,
});
const FORBIDDEN = { kind: 'reply' as const, status: 403, contentType: 'application/json; charset=utf-8' };

/** REST calls by the API key when one is set, else by the account SID and auth token. */
function credentials(account: SmsAccount): TwilioCredentials {
  const { apiKeySid, apiKeySecret, authToken } = account.secrets;
  return apiKeySid && apiKeySecret ? { username: apiKeySid, password: apiKeySecret } : { username: account.settings.accountSid, password: authToken };
}

/** SMS/MMS through Twilio; `apiUrl` is config's TWILIO_API_URL, `webhookUrl` names an account's public webhook URL. */
export function smsAdapter(
  apiUrl: string,
  webhookUrl: (key: string) => string,
  limits: SmsLimits = SMS_LIMITS_DEFAULT,
): ChannelAdapter<SmsSettings, SmsSecrets> {
  return {
    type: 'sms',
    capabilities: CAPABILITIES.sms,

    recipient: (ids) => ids.find((id) => id.startsWith('tel:')) ?? ids[0] ?? '',

    verifyWebhook(account, request) {
      // Twilio can be set to GET, but then the parameters are in the URL and never stored: POST only.
      if (request.method !== 'POST') return { kind: 'reply', status: 405, contentType: 'text/plain; charset=utf-8', body: 'Use HTTP POST' };
      const params = new URLSearchParams(request.rawBody.toString('utf8'));
      if (!verifySignature(account.secrets.authToken, request.url, params, request.headers['x-twilio-signature'])) {
        // 403 as Twilio's own examples answer a failed validation; Twilio only cares that it is not 200.
        return { ...FORBIDDEN, body: JSON.stringify({ error: { code: 'INVALID_SIGNATURE', message: 'Missing or wrong X-Twilio-Signature' } }) };
      }
      const webhook = classify(params);
      // HELP/INFO is answered in the webhook's own reply (no outbox, no agent needed); the message is still shown.
      const help = webhook.kind === 'message' && asksForHelp(params.get('Body') ?? '');
      const answer = help ? replyTwiml(account.settings.helpText || smsHelpDefault(account.name)) : EMPTY_TWIML;
      return { kind: 'store', dedupeKey: dedupeKey(webhook), answer };
    },

    async parseWebhook(account, body) {
      // Media is fetched with the account SID and auth token (API keys work too, but the token is always there).
      const auth = basicAuth({ username: account.settings.accountSid, password: account.secrets.authToken });
      return parseWebhook(account, body, (url) => () => openMedia(url, apiUrl, auth, limits.mediaMaxBytes, limits.mediaTimeoutMs));
    },

    testConnection: (account) => checkTwilioAccount(apiUrl, account.settings, credentials(account), limits.requestTimeoutMs),

    async send(account, message) {
      const form = messageForm(account.settings, message, webhookUrl(account.key));
      if (!(form instanceof URLSearchParams)) return form;
      return sendMessage(apiUrl, account.settings.accountSid, credentials(account), form, limits.requestTimeoutMs);
    },
  };
}
