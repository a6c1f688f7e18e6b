import type pg from 'pg';
import { PreparingClient } from './prepared-statements.js';

/** Ends a statement written as text (no parameters) that is sent together with its transaction's COMMIT. */
const COMMIT_SUFFIX = ';\ncommit';

/**
 * The statement followed by its transaction's COMMIT in one message (PostgreSQL only, through `CommittingClient`):
 * PostgreSQL runs both without a round trip between them. For the last statement of a transaction that locks
 * rows many transactions wait for (every colleague's event counter): sent separately, the locks were held
 * until the server's busy event loop got round to reading the answer and sending COMMIT, and the other
 * transactions queued behind that wait. The statement's values must be written into its text.
 */
export function withCommit(statement: string): string {
  return statement + COMMIT_SUFFIX;
}

/** `value` as a PostgreSQL string literal, whatever `standard_conforming_strings` is set to. */
export function textLiteral(value: string): string {
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** An SQL array of integers (or nulls) written out; for values we made, never for input. */
export function intArray(values: readonly (number | null)[]): string {
  return `array[${values.map((v) => (v === null ? 'null' : String(Math.trunc(v)))).join(',')}]`;
}

/**
 * A pg client for `withCommit`: it answers the result of the statement before the COMMIT (a text query of
 * several statements answers an array of results, one per statement), and answers the COMMIT the query
 * builder then sends itself without sending it (PostgreSQL would warn, in its log, that no transaction is in
 * progress).
 */
export class CommittingClient extends PreparingClient {
  private committed = false;

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; only the promise forms are used here.
  override query(config: any, values?: any, callback?: any): any {
    const committed = this.committed;
    this.committed = false;
    const noValues = values === undefined || (Array.isArray(values) && values.length === 0);
    if (committed && config === 'commit' && noValues && callback === undefined) {
      return Promise.resolve({ command: 'COMMIT', rowCount: null, rows: [], fields: [], oid: 0 });
    }
    if (typeof config === 'string' && config.endsWith(COMMIT_SUFFIX) && noValues && callback === undefined) {
      return (super.query(config) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>).then((results) => {
        this.committed = true;
        return Array.isArray(results) ? results[results.length - 2] : results;
      });
    }
    return super.query(config, values, callback);
  }
}
