import type { Db } from '@switchboard/server/src/db/database.js';

/** Who owns each customer chat, by the database after a run, and where its records disagree. */
export interface OwnershipAudit {
  chats: number;
  /** Chats in state `owned` with an owner. */
  owned: number;
  /** Chats with more than one owner row, taken session or "joined the chat" note: a double assignment. */
  doubleAssigned: number;
  /** Owned chats whose owner, owner row, taken session and single "joined" note do not all name the same agent. */
  inconsistent: number;
  ownerOf: Map<number, number>;
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export async function auditOwnership(db: Db): Promise<OwnershipAudit> {
  const chats = await db.selectFrom('conversations').select(['id', 'state', 'owner_id']).where('kind', '=', 'external').execute();
  const ownerRows = groupBy(
    await db.selectFrom('conversation_members').select(['conversation_id', 'user_id']).where('role', '=', 'owner').execute(),
    (r) => r.conversation_id,
  );
  const takenSessions = groupBy(
    await db.selectFrom('chat_sessions').select(['conversation_id', 'taken_by']).where('taken_by', 'is not', null).execute(),
    (r) => r.conversation_id,
  );
  const notes = await db.selectFrom('messages').select(['conversation_id', 'system']).where('author', '=', 'system').execute();
  const joinedNotes = groupBy(
    notes.filter((n) => (JSON.parse(n.system ?? '{}') as { kind?: string }).kind === 'taken'),
    (n) => n.conversation_id,
  );

  const audit: OwnershipAudit = { chats: chats.length, owned: 0, doubleAssigned: 0, inconsistent: 0, ownerOf: new Map() };
  for (const chat of chats) {
    const owners = ownerRows.get(chat.id) ?? [];
    const sessions = takenSessions.get(chat.id) ?? [];
    const joined = joinedNotes.get(chat.id)?.length ?? 0;
    if (owners.length > 1 || sessions.length > 1 || joined > 1) audit.doubleAssigned++;
    if (chat.state !== 'owned' || chat.owner_id === null) continue;
    audit.owned++;
    audit.ownerOf.set(chat.id, chat.owner_id);
    const agrees = owners[0]?.user_id === chat.owner_id && sessions[0]?.taken_by === chat.owner_id && joined === 1;
    if (!agrees) audit.inconsistent++;
  }
  return audit;
}
