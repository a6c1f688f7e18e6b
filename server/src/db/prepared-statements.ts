import pg from 'pg';

/** Distinct statements one connection keeps prepared; past it, new ones are parsed and planned each time. */
const MAX_PREPARED = 400;
/** Statements seen once are counted in a map of at most this many texts, cleared when full. */
const MAX_COUNTED = 2000;
/** PostgreSQL's code when a prepared statement's plan no longer fits its tables (a column added or dropped). */
const CACHED_PLAN_CHANGED = '0A000';

/**
 * A pg client that prepares, on each connection, the parameterised statements it runs more than once, and
 * runs them by name from then on. pg (and Kysely above it) sends every statement unnamed, so PostgreSQL parsed
 * and planned it each time: in a burst of live chats (1,000 arrivals, ~66 statements each) planning took more
 * of PostgreSQL's time than running them (pg_stat_statements: 5.9 s of plans against 7.3 s of execution), and
 * PostgreSQL's ten backends took more of the two cores than the server itself.
 *
 * A text is prepared on its second use, so the shapes that come once (a multi-row insert of an unusual size) do
 * not fill a connection's statements; at most MAX_PREPARED per connection. Statements without parameters are
 * sent as they are (those are set-up, or carry their values in their text: db/commit-with-last-statement.ts).
 * When a migration on another node changes a table under a prepared statement, PostgreSQL refuses it once
 * (0A000): the statement runs again unnamed (a transaction, from its start) and is later prepared anew under
 * a new name. DATABASE_PREPARED_STATEMENTS=0 turns this off, for a pooler in transaction mode that does not
 * keep prepared statements (PgBouncer before 1.21).
 */
export class PreparingClient extends pg.Client {
  /** DATABASE_PREPARED_STATEMENTS=0 gives a pool of clients with this off (db/database.ts). */
  protected prepares = true;
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private nextName = 0;

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; only the promise forms are used here.
  override query(config: any, values?: any, callback?: any): any {
    if (!this.prepares || typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
      return super.query(config, values, callback);
    }
    const name = this.nameFor(config);
    if (name === undefined) return super.query(config, values);
    return (super.query({ name, text: config, values }) as unknown as Promise<pg.QueryResult>).catch((error: unknown) => {
      if (!isCachedPlanChanged(error)) throw error;
      this.names.delete(config);
      // Outside a transaction the refused statement did nothing: run it again, unnamed. Inside one, the
      // transaction is aborted and db/transaction.ts runs all of it again.
      if (this.getTransactionStatus() !== 'I') throw error;
      return super.query(config, values);
    });
  }

  private nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_PREPARED) return undefined;
    const uses = (this.seen.get(text) ?? 0) + 1;
    if (uses < 2) {
      if (this.seen.size >= MAX_COUNTED) this.seen.clear();
      this.seen.set(text, uses);
      return undefined;
    }
    this.seen.delete(text);
    const name = `sb${this.nextName++}`;
    this.names.set(text, name);
    return name;
  }
}

/** PostgreSQL refused a prepared statement whose tables changed under it ("cached plan must not change result type"). */
export function isCachedPlanChanged(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === CACHED_PLAN_CHANGED && error.message.includes('cached plan');
}
