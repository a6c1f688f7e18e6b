import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Which devices are connected, on which node, for calls across several nodes: "the callee is offline" must
 * see sockets held by another node, and a node that dies must not leave its calls open. Each node holds a
 * lease it renews every few seconds; its socket rows count only while the lease holds, and a surviving node
 * that finds it expired removes them and ends (after the reconnect grace) the calls of devices that did not
 * come back elsewhere. `*_away_since`: when a party's device lost its last socket in a connected call; a
 * reconnect of the same device within the grace clears it, otherwise the call ends with its transcript line.
 */
export function callDevicesMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('nodes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('live_sockets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('device', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('live_sockets_recipient').on('live_sockets').column('recipient').execute();
      await db.schema.createIndex('live_sockets_device').on('live_sockets').column('device').execute();
      await db.schema.createIndex('live_sockets_node').on('live_sockets').column('node_id').execute();
      await db.schema.alterTable('calls').addColumn('caller_away_since', 'bigint').execute();
      await db.schema.alterTable('calls').addColumn('callee_away_since', 'bigint').execute();
    },
  };
}
