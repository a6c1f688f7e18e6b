import { CompiledQuery, type QueryResult } from 'kysely';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';

/** A column of `Statement.table`: integers (ids), bigints (times in ms), text. */
export type ColumnType = 'integer' | 'bigint' | 'text';
const ARRAY_TYPES: Record<ColumnType, string> = { integer: '::int[]', bigint: '::bigint[]', text: '::text[]' };

/**
 * SQL text with its parameters, for the statements whose value lists grow with a queue (an offer's fifty
 * member rows and fifty event rows, fifty agents' counters). Written with Kysely's `sql` tag, each row is a
 * fragment of its own that Kysely compiles on every run: ~30 µs for fifty rows, ten times what SQLite takes
 * to insert them. Here the text is joined once, with the dialect's placeholders (`?`, or `$1`… on PostgreSQL).
 */
export class Statement {
  private readonly parts: string[] = [];
  private readonly parameters: unknown[] = [];
  private readonly numbered: boolean;

  constructor(private readonly db: Db) {
    this.numbered = dialectOf(db) === 'postgres';
  }

  /** SQL text as it is (never a value: values go through `value`, `list` or `rows`). */
  text(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  value(value: unknown): this {
    this.parameters.push(value);
    this.parts.push(this.numbered ? `$${this.parameters.length}` : '?');
    return this;
  }

  /** `a, b, c`: a comma-separated list of values (for `in (…)`). */
  list(values: readonly unknown[]): this {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.parts.push(', ');
      this.value(values[i]);
    }
    return this;
  }

  /**
   * `in (a, b, c)`, on PostgreSQL `= any($1::int[])`: one array, so that the text is the same for any number of
   * values and PostgreSQL plans it once (db/in-list-as-array.ts does the same for Kysely's lists).
   */
  isIn(values: readonly (number | string)[], type: ColumnType): this {
    if (!this.numbered) return this.text('in (').list(values).text(')');
    return this.text('= any(').value(values).text(`${ARRAY_TYPES[type]})`);
  }

  /** `(a, b), (c, d)`: rows of values (for `values …`). */
  rows(rows: readonly (readonly unknown[])[]): this {
    for (let i = 0; i < rows.length; i++) {
      this.parts.push(i > 0 ? ', (' : '(');
      this.list(rows[i]!);
      this.parts.push(')');
    }
    return this;
  }

  /**
   * `select … as name, …`: rows of values as a table to read from, in a text that is the same for any number of
   * rows: one array parameter per column on PostgreSQL (unnested), one JSON parameter on SQLite (json_each). With
   * `values (…), (…)` each row count had a text of its own: SQLite prepared it anew, PostgreSQL planned it anew
   * (a burst's visitor checks, ~100 reads of 1–20 rows each, spent more time planning than running).
   */
  table(columns: readonly (readonly [name: string, type: ColumnType])[], rows: readonly (readonly (number | string)[])[]): this {
    if (this.numbered) {
      this.parts.push('select * from unnest(');
      columns.forEach(([, type], i) => {
        if (i > 0) this.parts.push(', ');
        this.value(rows.map((row) => row[i]));
        this.parts.push(ARRAY_TYPES[type]);
      });
      this.parts.push(`) as t(${columns.map(([name]) => name).join(', ')})`);
      return this;
    }
    this.parts.push(`select ${columns.map(([name], i) => `value ->> ${i} as ${name}`).join(', ')} from json_each(`);
    this.value(JSON.stringify(rows));
    this.parts.push(')');
    return this;
  }

  compile(): CompiledQuery {
    return CompiledQuery.raw(this.parts.join(''), this.parameters);
  }

  /** Runs on the database (or transaction) the statement was made for. */
  execute<Row>(): Promise<QueryResult<Row>> {
    return this.db.executeQuery<Row>(this.compile());
  }
}
