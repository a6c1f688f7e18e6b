import type { AnyDb, DialectName } from '../dialect.js';

export function settingsMigration(_dialect: DialectName) {
  return {
    async up(_db: AnyDb) {},
  };
}
