import type { MessengerSettings } from '@switchboard/protocol';
import type { AccountContext, ChannelAdapter } from '../adapter.js';
import { CAPABILITIES } from '../capabilities.js';
import { checkGraphObject } from '../connection.js';
import { downloadBounded, GraphClient } from '../whatsapp/graph-client.js';
import { handshake, verifySignature } from '../whatsapp/signature.js';
import { parseWebhook } from './inbound.js';
import { dedupeKey } from './payload.js';
import { profileName } from './profile.js';
import { sendMessage } from './send.js';

export interface MessengerSecrets {
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface MessengerLimits {
  /** Largest inbound attachment we download (the file pipeline's upload limit). */
  mediaMaxBytes: number;
  /** Every Graph API call. */
  requestTimeoutMs: number;
  /** A whole attachment download. */
  mediaTimeoutMs: number;
}

export const MESSENGER_LIMITS_DEFAULT: MessengerLimits = { mediaMaxBytes: 100 * 1024 * 1024, requestTimeoutMs: 15_000, mediaTimeoutMs: 120_000 };

export type MessengerAccount = AccountContext<MessengerSettings, MessengerSecrets>;

/**
 * The Facebook Messenger connector (Messenger Platform on Meta's Graph API; `graphBaseUrl` is config's
 * META_GRAPH_URL). Webhooks are signed and subscribed exactly as WhatsApp's, so that code is shared.
 */
export function messengerAdapter(
  graphBaseUrl: string,
  limits: MessengerLimits = MESSENGER_LIMITS_DEFAULT,
): ChannelAdapter<MessengerSettings, MessengerSecrets> {
  const client = (account: MessengerAccount) =>
    new GraphClient({
      baseUrl: graphBaseUrl,
      version: account.settings.graphVersion,
      accessToken: account.secrets.pageAccessToken,
      timeoutMs: limits.requestTimeoutMs,
    });

  return {
    type: 'messenger',
    capabilities: CAPABILITIES.messenger,

    verifyWebhook(account, request) {
      if (request.method === 'GET') return handshake(request.query, account.secrets.verifyToken);
      if (!verifySignature(account.secrets.appSecret, request.rawBody, request.headers['x-hub-signature-256'])) {
        const body = JSON.stringify({ error: { code: 'INVALID_SIGNATURE', message: 'Missing or wrong X-Hub-Signature-256' } });
        return { kind: 'reply', status: 401, contentType: 'application/json; charset=utf-8', body };
      }
      return { kind: 'store', dedupeKey: dedupeKey(request.rawBody.toString('utf8')) };
    },

    async parseWebhook(account, body) {
      const graph = client(account);
      return parseWebhook(
        account,
        body,
        // Attachment URLs are signed CDN links: they need no token, so none is sent to them.
        (url) => downloadBounded(url, {}, limits.mediaMaxBytes, limits.mediaTimeoutMs),
        (psid) => profileName(graph, psid),
      );
    },

    // The Page as its token sees it: its name (the address shown is the Page id).
    testConnection: (account) => checkGraphObject(() => client(account), account.settings.pageId, 'name', null),

    async send(account, message) {
      try {
        return await sendMessage(client(account), account.settings.pageId, account.settings.humanAgentTag, message);
      } catch (error) {
        // Reading the stored file failed, or the account's settings cannot make a URL: no retry helps.
        return { ok: false, retry: false, code: 'SEND_ERROR', message: (error as Error).message };
      }
    },
  };
}
