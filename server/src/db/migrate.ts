import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { AnyDb, DialectName } from './dialect.js';
import { foundation } from './migrations/0001_foundation.js';
import { customerChat } from './migrations/0002_customer_chat.js';
import { templatesMigration } from './migrations/0003_templates.js';
import { filesMigration } from './migrations/0004_files.js';
import { settingsMigration } from './migrations/0005_settings.js';
import { widgetTextsMigration } from './migrations/0006_widget_texts.js';
import { channelsMigration } from './migrations/0007_channels.js';
import { smsOptOutMigration } from './migrations/0008_sms_opt_out.js';
import { accountsMigration } from './migrations/0009_accounts.js';
import { callsMigration } from './migrations/0010_calls.js';
import { messageSearchMigration } from './migrations/0011_message_search.js';
import { groupCreatorMigration } from './migrations/0012_group_creator.js';
import { messageEditsMigration } from './migrations/0013_message_edits.js';
import { channelLastWebhookMigration } from './migrations/0014_channel_last_webhook.js';
import { visitorTokenIndexMigration } from './migrations/0015_visitor_token_index.js';
import { sharedEventPayloadsMigration } from './migrations/0016_shared_event_payloads.js';
import { orgSettingsMigration } from './migrations/0017_org_settings.js';
import { callPartiesMigration } from './migrations/0018_call_parties.js';
import { callDevicesMigration } from './migrations/0019_call_devices.js';
import { identityByCustomerAccountMigration } from './migrations/0020_identity_by_customer_account.js';
import { offersOnConversationMigration } from './migrations/0021_offers_on_conversation.js';
import { fileContentsMigration } from './migrations/0022_file_contents.js';
import { fileContentHoldsMigration } from './migrations/0023_file_content_holds.js';
import { sql } from 'kysely';

/** Every migration, in order; the same list serves both dialects. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_customer_chat': customerChat(dialect),
    '0003_templates': templatesMigration(dialect),
    '0004_files': filesMigration(dialect),
    '0005_settings': settingsMigration(dialect),
    '0006_widget_texts': widgetTextsMigration(dialect),
    '0007_channels': channelsMigration(dialect),
    '0008_sms_opt_out': smsOptOutMigration(dialect),
    '0009_accounts': accountsMigration(dialect),
    '0010_calls': callsMigration(dialect),
    '0011_message_search': messageSearchMigration(dialect),
    '0012_group_creator': groupCreatorMigration(dialect),
    '0013_message_edits': messageEditsMigration(dialect),
    '0014_channel_last_webhook': channelLastWebhookMigration(dialect),
    '0015_visitor_token_index': visitorTokenIndexMigration(dialect),
    '0016_shared_event_payloads': sharedEventPayloadsMigration(dialect),
    '0017_org_settings': orgSettingsMigration(dialect),
    '0018_call_parties': callPartiesMigration(dialect),
    '0019_call_devices': callDevicesMigration(dialect),
    '0020_identity_by_customer_account': identityByCustomerAccountMigration(dialect),
    '0021_offers_on_conversation': offersOnConversationMigration(dialect),
    '0022_file_contents': fileContentsMigration(dialect),
    '0023_file_content_holds': fileContentHoldsMigration,
  };
}

/** Every migration up to the latest, or (for upgrade tests) up to and including `upTo`. */
export async function migrateToLatest(db: AnyDb, dialect: DialectName, upTo?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // SQLite rebuilds a table to drop some columns (dialect.ts dropColumns): with foreign keys on, dropping
  // the old table would cascade into its children. Off for the run (a pragma outside any transaction),
  // checked for dangling references afterwards, and on again.
  if (dialect === 'sqlite') await sql`pragma foreign_keys = off`.execute(db);
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest()).finally(async () => {
    if (dialect === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
  });
  if (dialect === 'sqlite') {
    const dangling = await sql`pragma foreign_key_check`.execute(db);
    if (dangling.rows.length > 0)
      throw new Error(`database migration left ${dangling.rows.length} dangling references: ${JSON.stringify(dangling.rows.slice(0, 3))}`);
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
