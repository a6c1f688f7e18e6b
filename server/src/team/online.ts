import type { Clock } from '../clock.js';
import { deviceStorage } from '../calls/device-storage.js';
import type { Db } from '../db/database.js';
import type { Hub } from '../events/hub.js';

/**
 * Who is online: has a socket open on this node, or on another node whose lease holds (`live_sockets`, which
 * every node writes as its sockets open and close). The hub alone knew only this node's sockets: with several
 * nodes, a chat reaching node B was offered only to the agents whose sockets were on B, and B's Team view
 * showed the others offline. This node's own sockets are the hub's (it knows at once, before the rows are
 * written or removed); only the rest is read, and only when some are not here.
 */
export class Online {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly clock: Clock,
    private readonly nodeId: string,
  ) {}

  /** Which of these colleagues are online; `db`: the caller's transaction, when it has one. */
  async among(userIds: readonly number[], db: Db = this.db): Promise<Set<number>> {
    const online = new Set(userIds.filter((id) => this.hub.isOnline(id)));
    const elsewhere = userIds.filter((id) => !online.has(id));
    for (const id of await deviceStorage.usersOnOtherNodes(db, this.clock.now(), this.nodeId, elsewhere)) online.add(id);
    return online;
  }
}
