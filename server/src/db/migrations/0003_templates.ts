import type { AnyDb, DialectName } from '../dialect.js';

export function templatesMigration(_dialect: DialectName) {
  return {
    async up(_db: AnyDb) {},
  };
}
