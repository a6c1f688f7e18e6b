import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { dialectOf, type DialectName } from '../db/dialect.js';

/** Per dialect: SQLite has tables PostgreSQL does not (the full-text index's). */
const tablesOf = new Map<DialectName, string[]>();

/** The number of rows in every table, in one round trip: a refused request must leave them all unchanged. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const dialect = dialectOf(db);
  let tables = tablesOf.get(dialect);
  if (!tables) {
    tables = (await db.introspection.getTables())
      .map((t) => t.name)
      .filter((name) => !name.startsWith('kysely_'))
      .sort();
    tablesOf.set(dialect, tables);
  }
  const columns = tables.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`);
  const { rows } = await sql<Record<string, number | string>>`select ${sql.join(columns)}`.execute(db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([t, n]) => [t, Number(n)]));
}
