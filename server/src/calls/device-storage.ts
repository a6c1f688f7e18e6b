import type { Db } from '../db/database.js';
import { transaction } from '../db/transaction.js';
import { parseRecipient, type Recipient, userRecipient } from '../events/recipient.js';

/** The only code that writes `nodes` and `live_sockets`. */
export const deviceStorage = {
  /** Extends the node's lease; false when it had none (it is new, or was swept as dead): then it holds one now. */
  async renewLease(db: Db, nodeId: string, until: number): Promise<boolean> {
    const renewed = await db.updateTable('nodes').set({ lease_until: until }).where('id', '=', nodeId).executeTakeFirst();
    if (Number(renewed.numUpdatedRows) > 0) return true;
    await db
      .insertInto('nodes')
      .values({ id: nodeId, lease_until: until })
      .onConflict((oc) => oc.column('id').doUpdateSet({ lease_until: until }))
      .execute();
    return false;
  },

  async addSocket(db: Db, row: { id: string; nodeId: string; recipient: string; device: string }): Promise<void> {
    await db.insertInto('live_sockets').values({ id: row.id, node_id: row.nodeId, recipient: row.recipient, device: row.device }).execute();
  },

  removeSocket: (db: Db, id: string) => db.deleteFrom('live_sockets').where('id', '=', id).execute(),

  /** Whether the recipient (or, given, that one device of theirs) has a socket on a node whose lease holds. */
  async reachable(db: Db, now: number, where: { recipient: string } | { device: string }): Promise<boolean> {
    const row = await db
      .selectFrom('live_sockets as s')
      .innerJoin('nodes as n', 'n.id', 's.node_id')
      .select('s.id')
      .where('n.lease_until', '>', now)
      .where('recipient' in where ? 's.recipient' : 's.device', '=', 'recipient' in where ? where.recipient : where.device)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Of these colleagues, those with a socket on a node other than `exceptNode` whose lease holds. */
  async usersOnOtherNodes(db: Db, now: number, exceptNode: string, userIds: readonly number[]): Promise<number[]> {
    if (userIds.length === 0) return [];
    const rows = await db
      .selectFrom('live_sockets as s')
      .innerJoin('nodes as n', 'n.id', 's.node_id')
      .select('s.recipient')
      .distinct()
      .where('n.lease_until', '>', now)
      .where('s.node_id', '!=', exceptNode)
      .where(
        's.recipient',
        'in',
        userIds.map((id) => userRecipient(id)),
      )
      .execute();
    return rows.map((r) => parseRecipient(r.recipient as Recipient).id);
  },

  /**
   * Removes the nodes whose lease ran out (other than `except`) with their sockets, in one transaction, and
   * answers those sockets' devices. Of two nodes sweeping at once one deletes each row and reports it.
   */
  async sweepExpired(db: Db, now: number, except: string): Promise<string[]> {
    return transaction(db, async (trx) => {
      const dead = await trx.selectFrom('nodes').select('id').where('lease_until', '<=', now).where('id', '!=', except).execute();
      if (dead.length === 0) return [];
      const ids = dead.map((n) => n.id);
      const gone = await trx.deleteFrom('live_sockets').where('node_id', 'in', ids).returning('device').execute();
      await trx.deleteFrom('nodes').where('id', 'in', ids).execute();
      return [...new Set(gone.map((s) => s.device))];
    });
  },

  /** A stopping node forgets its sockets and its lease. */
  async leave(db: Db, nodeId: string): Promise<void> {
    await db.deleteFrom('live_sockets').where('node_id', '=', nodeId).execute();
    await db.deleteFrom('nodes').where('id', '=', nodeId).execute();
  },
};
