import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * Whom a waiting chat is offered to: one column of its row, `conversations.offered_to`, the agents' ids between
 * commas (`,3,7,12,`; null when nobody), not a member row per agent (migration 0021 says why). An agent it is
 * offered to has the role `offered` in it (over a row of their own, a former owner's say) while it waits: every
 * read of who sees a conversation (members.ts, views.ts, access/storage.ts, search) adds them, and the column is
 * cleared whenever the chat stops waiting (storage.ts). The chat's row lock guards it as it guards the row.
 */

/** `,3,7,12,` for these agents; null for none. */
export function offerText(userIds: readonly number[]): string | null {
  return userIds.length === 0 ? null : `,${userIds.join(',')},`;
}

/** The agents of an `offered_to` text, in its order. */
export function offeredIds(text: string | null | undefined): number[] {
  if (!text) return [];
  const ids: number[] = [];
  for (const part of text.split(',')) if (part !== '') ids.push(Number(part));
  return ids;
}

/**
 * SQL: whether the user whose id is the SQL expression `userId` (a column, or a placeholder) is among those the
 * conversation `alias` is offered to. Plain text and `like`, the same in both dialects.
 */
export function offeredToSql(alias: string, userId: string): string {
  return `${alias}.offered_to like '%,' || cast(${userId} as text) || ',%'`;
}

/** `offeredToSql` for a user id as a value (an integer first: better-sqlite3 binds a number as a real, `5.0`). */
export function offeredTo(alias: string, userId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.raw(alias)}.offered_to like '%,' || cast(cast(${userId} as integer) as text) || ',%'`;
}
