import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { AnyDb, DialectName } from './dialect.js';
import { foundation } from './migrations/0001_foundation.js';
import { customerChat } from './migrations/0002_customer_chat.js';
import { templatesMigration } from './migrations/0003_templates.js';
import { filesMigration } from './migrations/0004_files.js';
import { settingsMigration } from './migrations/0005_settings.js';
import { widgetTextsMigration } from './migrations/0006_widget_texts.js';

/** Every migration, in order; the same list serves both dialects. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_customer_chat': customerChat(dialect),
    '0003_templates': templatesMigration(dialect),
    '0004_files': filesMigration(dialect),
    '0005_settings': settingsMigration(dialect),
    '0006_widget_texts': widgetTextsMigration(dialect),
  };
}

export async function migrateToLatest(db: AnyDb, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
