import { CAPABILITIES } from '../capabilities.js';
import { checkGraphObject } from '../connection.js';
import type { WhatsAppSettings, WhatsAppTemplate } from '@switchboard/protocol';
import type { AccountContext, ChannelAdapter } from '../adapter.js';
import { GraphClient, GraphError } from './graph-client.js';
import { parseWebhook } from './inbound.js';
import { openMedia } from './media.js';
import { dedupeKey } from './payload.js';
import { markRead, sendMessage } from './send.js';
import { handshake, verifySignature } from './signature.js';
import { listTemplates } from './templates.js';

export interface WhatsAppSecrets {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface WhatsAppLimits {
  /** Largest inbound media file we download (the file pipeline's upload limit). */
  mediaMaxBytes: number;
  /** Every Graph API call. */
  requestTimeoutMs: number;
  /** A whole media download. */
  mediaTimeoutMs: number;
  /** Template list pages fetched at most (100 templates each). */
  templatePages: number;
}

export const WHATSAPP_LIMITS_DEFAULT: WhatsAppLimits = {
  mediaMaxBytes: 100 * 1024 * 1024,
  requestTimeoutMs: 15_000,
  mediaTimeoutMs: 120_000,
  templatePages: 10,
};

export type WhatsAppAccount = AccountContext<WhatsAppSettings, WhatsAppSecrets>;

export interface WhatsAppAdapter extends ChannelAdapter<WhatsAppSettings, WhatsAppSecrets> {
  /**
   * The business account's approved templates from Graph (throws GraphError; the caller caches), or null
   * when the account has no business account id to list them by (the caller offers settings.templates).
   */
  templates(account: WhatsAppAccount): Promise<WhatsAppTemplate[] | null>;
}

/** The WhatsApp Business Cloud API connector; `graphBaseUrl` is config's META_GRAPH_URL. */
export function whatsappAdapter(graphBaseUrl: string, limits: WhatsAppLimits = WHATSAPP_LIMITS_DEFAULT): WhatsAppAdapter {
  const client = (account: WhatsAppAccount) =>
    new GraphClient({
      baseUrl: graphBaseUrl,
      version: account.settings.graphVersion,
      accessToken: account.secrets.accessToken,
      timeoutMs: limits.requestTimeoutMs,
    });

  return {
    type: 'whatsapp',
    capabilities: CAPABILITIES.whatsapp,

    // A number can be written to at once; a business-scoped id only where Meta accepts it as recipient.
    recipient: (ids) => ids.find((id) => id.startsWith('wa:')) ?? ids[0] ?? '',

    verifyWebhook(account, request) {
      if (request.method === 'GET') return handshake(request.query, account.secrets.verifyToken);
      if (!verifySignature(account.secrets.appSecret, request.rawBody, request.headers['x-hub-signature-256'])) {
        // 401 as the issue and our error catalogue say (INVALID_SIGNATURE); Meta only cares that it is not 200.
        const body = JSON.stringify({ error: { code: 'INVALID_SIGNATURE', message: 'Missing or wrong X-Hub-Signature-256' } });
        return { kind: 'reply', status: 401, contentType: 'application/json; charset=utf-8', body };
      }
      return { kind: 'store', dedupeKey: dedupeKey(request.rawBody.toString('utf8')) };
    },

    async parseWebhook(account, body) {
      const graph = client(account);
      return parseWebhook(account, body, (mediaId) => openMedia(graph, mediaId, limits.mediaMaxBytes, limits.mediaTimeoutMs));
    },

    async send(account, message) {
      try {
        return await sendMessage(client(account), account.settings.phoneNumberId, message);
      } catch (error) {
        // Reading the stored file failed, or the account's settings cannot make a URL: no retry helps.
        return { ok: false, retry: false, code: 'SEND_ERROR', message: (error as Error).message };
      }
    },

    // The number's own record: its verified (display) name and the number customers see.
    testConnection: (account) => checkGraphObject(() => client(account), account.settings.phoneNumberId, 'verified_name', 'display_phone_number'),

    async markRead(account, providerMessageId) {
      const result = await markRead(client(account), account.settings.phoneNumberId, providerMessageId);
      if (!result.ok) throw new GraphError(result);
    },

    async templates(account) {
      if (!account.settings.businessAccountId) return null;
      return listTemplates(client(account), account.settings.businessAccountId, limits.templatePages);
    },
  };
}
