import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** An auto-numbered integer primary key, spelled the way each dialect wants it. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

export type AnyDb = Kysely<any>;

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
