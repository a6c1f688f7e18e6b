import {
  PostgresAdapter,
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  type RawBuilder,
  type SqlBool,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** An auto-numbered integer primary key, spelled the way each dialect wants it. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

export type AnyDb = Kysely<any>;

/** Which dialect a database speaks, for the few queries spelled differently (below). */
export function dialectOf(db: AnyDb): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `column LIKE '%text%'` with `%`, `_` and `\` in the text matched as themselves. The explicit
 * ESCAPE clause is what makes the escaping work on SQLite, which has no default escape character;
 * PostgreSQL's default is the same backslash, so both dialects read the pattern alike.
 */
export function likeContains(column: string | Expression<unknown>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const target = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`${target} like ${pattern} escape '\\'`;
}

/**
 * Rows of integers as a table to update or join from (`… from ${integerRows(…)} where …`). The rows are one
 * parameter per column on PostgreSQL (arrays, unnested) and one JSON parameter on SQLite (json_each), so the
 * statement's text is the same for any number of rows and stays prepared; `values (?, ?), …` has a text per
 * row count, each prepared anew (and, on PostgreSQL, prepared by name at its second use and soon evicted).
 */
export function integerRows(db: AnyDb, alias: string, columns: readonly string[], rows: readonly (readonly number[])[]): RawBuilder<unknown> {
  const names = sql.join(columns.map((column) => sql.id(column)));
  if (dialectOf(db) === 'postgres') {
    const arrays = columns.map((_, i) => sql`${rows.map((row) => row[i])}::int[]`);
    return sql`unnest(${sql.join(arrays)}) as ${sql.id(alias)}(${names})`;
  }
  const picks = columns.map((column, i) => sql`value ->> ${sql.lit(i)} as ${sql.id(column)}`);
  return sql`(select ${sql.join(picks)} from json_each(${JSON.stringify(rows)})) as ${sql.id(alias)}`;
}

/** After rows were inserted with explicit ids: PostgreSQL's serial sequence continues after the largest. */
export async function resetIdSequence(db: AnyDb, dialect: DialectName, table: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
}

/**
 * Drops columns. PostgreSQL drops them in place; SQLite cannot drop a UNIQUE or foreign-key column,
 * so the table is rebuilt as SQLite documents (new table, copy, drop, rename). That needs foreign keys
 * off, which migrate.ts arranges for the whole run and checks afterwards with `foreign_key_check`.
 */
export async function dropColumns(
  db: AnyDb,
  dialect: DialectName,
  table: string,
  columns: string[],
  sqlite: { indexes: string[]; recreate: (table: CreateTableBuilder<string, never>) => CreateTableBuilder<string, string>; columns: string[] },
): Promise<void> {
  if (dialect === 'postgres') {
    for (const index of sqlite.indexes) await db.schema.dropIndex(index).ifExists().execute();
    for (const column of columns) await db.schema.alterTable(table).dropColumn(column).execute();
    return;
  }
  const rebuilt = `${table}_rebuilt`;
  await sqlite.recreate(db.schema.createTable(rebuilt)).execute();
  const list = sql.join(sqlite.columns.map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(rebuilt)} (${list}) select ${list} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(rebuilt).renameTo(table).execute();
}

/** The words of a search as typed: letters and digits of any script, at most eight. */
export function searchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/**
 * Messages (by `messages.id`, through `idColumn`) whose text holds every word, each as a word's start
 * ("mül" finds "Müller"). The index is 0009_message_search's: FTS5 on SQLite, a 'simple' tsvector on
 * PostgreSQL. The words are letters and digits only (`searchWords`), so nothing in them is query syntax.
 */
export function messageTextMatches(dialect: DialectName, idColumn: string, words: string[]): RawBuilder<SqlBool> {
  if (dialect === 'postgres') {
    const query = words.map((w) => `${w}:*`).join(' & ');
    return sql<SqlBool>`${sql.ref(idColumn)} in (select id from messages where search @@ to_tsquery('simple', ${query}))`;
  }
  const query = words.map((w) => `"${w}"*`).join(' ');
  return sql<SqlBool>`${sql.ref(idColumn)} in (select rowid from messages_fts where messages_fts match ${query})`;
}
