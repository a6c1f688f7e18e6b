import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One module owns a conversation: only `server/src/conversations/` writes its tables. Other features
 * call `ConversationCore`. Migrations and tests (which build fixtures) are exempt; reads are allowed.
 */
const OWNED = ['conversations', 'conversation_members', 'chat_sessions', 'messages', 'message_reactions'];

const SRC = path.resolve(import.meta.dirname, '..');
const EXEMPT = [/^conversations\//, /^db\/migrations\//, /^testing\//, /\.test\.ts$/];

const tables = OWNED.join('|');
/** Kysely builder writes: `insertInto('messages')`, `updateTable('conversation_members as cm')`, `deleteFrom("chat_sessions")`… */
const BUILDER = new RegExp(`\\b(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\\(\\s*['"\`](${tables})(\\s+as\\s+\\w+)?['"\`]`, 'g');
/** SQL text: `update conversations`, `insert into messages`, `insert or ignore into messages`, `delete from chat_sessions`… */
const RAW = new RegExp(`\\b(update|insert\\s+(or\\s+\\w+\\s+)?into|replace\\s+into|delete\\s+from)\\s+["\`]?(${tables})["\`]?(?![\\w])`, 'gi');

/** The writes to owned tables in one source text, comments left out (they may talk about updating messages). */
export function ownedWrites(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(BUILDER), ...code.matchAll(RAW)].map((m) => m[0].replace(/\s+/g, ' '));
}

function sources(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
}

describe('conversation ownership', () => {
  it('no file outside conversations/ writes the conversation tables', () => {
    const files = sources().filter((file) => !EXEMPT.some((pattern) => pattern.test(file)));
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => ownedWrites(readFileSync(path.join(SRC, file), 'utf8')).map((write) => `${file}: ${write}`));
    expect(violations, 'write through ConversationCore (server/src/conversations/core.ts) instead').toEqual([]);
  });

  it('conversations/ is where those writes are', () => {
    const own = sources().filter((file) => file.startsWith('conversations/') && !file.endsWith('.test.ts'));
    const writes = own.flatMap((file) => ownedWrites(readFileSync(path.join(SRC, file), 'utf8')));
    // The detector sees the real statements, builder and SQL text alike (else the check above proves nothing).
    expect(writes).toEqual(
      expect.arrayContaining([
        "insertInto('conversations'",
        "updateTable('conversations'",
        "deleteFrom('conversations'",
        'insert into conversation_members',
        'delete from conversation_members',
        'insert into chat_sessions',
        "updateTable('chat_sessions'",
        'update conversations',
        'update conversation_members',
        'insert into messages',
      ]),
    );
  });

  it('recognises writes in every form and leaves reads and prose alone', () => {
    expect(ownedWrites("db.updateTable('messages').set({ body: '' })")).toEqual(["updateTable('messages'"]);
    expect(ownedWrites('db.insertInto("message_reactions")')).toEqual(['insertInto("message_reactions"']);
    expect(ownedWrites("db\n  .deleteFrom(\n 'conversation_members as cm')")).toHaveLength(1);
    expect(ownedWrites('sql`UPDATE  conversations SET state = ${s}`')).toEqual(['UPDATE conversations']);
    expect(ownedWrites('sql`insert or ignore into messages (id) values (1)`')).toEqual(['insert or ignore into messages']);
    expect(ownedWrites('sql`delete from "chat_sessions" where id = 1`')).toEqual(['delete from "chat_sessions"']);
    expect(ownedWrites("db.selectFrom('messages').innerJoin('conversations', 'a', 'b')")).toEqual([]);
    expect(ownedWrites("db.updateTable('messages_archive')")).toEqual([]);
    expect(ownedWrites('sql`update conversations_old set x = 1`')).toEqual([]);
    expect(ownedWrites('// we update messages here\n/* delete from conversations */')).toEqual([]);
  });
});
