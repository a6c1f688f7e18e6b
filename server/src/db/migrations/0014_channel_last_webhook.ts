import type { AnyDb, DialectName } from '../dialect.js';

/**
 * When each channel account last received a verified webhook, for Admin › Channels ("is the provider
 * reaching us?"). A column kept by the webhook inbox, not a max() over webhook_inbox: processed webhooks
 * are pruned, and the admin list should not scan the inbox.
 */
export function channelLastWebhookMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('channel_accounts').addColumn('last_webhook_at', 'bigint').execute();
    },
  };
}
