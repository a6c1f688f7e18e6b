import type { AnyDb, DialectName } from '../dialect.js';

export function filesMigration(_dialect: DialectName) {
  return {
    async up(_db: AnyDb) {},
  };
}
