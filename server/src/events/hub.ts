import type { ServerEvent } from '@switchboard/protocol';
import type { Connection } from './connection.js';
import type { EventBus, Envelope } from './bus.js';

/** The sockets connected to this node, by user, fed from the event bus. */
export class Hub {
  private readonly byUser = new Map<number, Set<Connection>>();
  private readonly unsubscribe: () => void;
  private closing = false;
  private readonly pending = new Set<Promise<void>>();
  /** Called when a user's first socket opens or last socket closes on this node. */
  onPresenceChange: (userId: number) => Promise<void> = async () => {};

  constructor(private readonly bus: EventBus) {
    this.unsubscribe = bus.subscribe((envelopes) => this.deliver(envelopes));
  }

  add(connection: Connection): void {
    let set = this.byUser.get(connection.userId);
    if (!set) {
      set = new Set();
      this.byUser.set(connection.userId, set);
    }
    set.add(connection);
    if (set.size === 1) this.presenceChanged(connection.userId);
  }

  remove(connection: Connection): void {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return;
    if (set.size === 0) {
      this.byUser.delete(connection.userId);
      if (!this.closing) this.presenceChanged(connection.userId);
    }
  }

  isOnline(userId: number): boolean {
    return this.byUser.has(userId);
  }

  publish(envelopes: Envelope[]): void {
    this.bus.publish(envelopes);
  }

  publishTo(userIds: Iterable<number>, event: ServerEvent): void {
    this.bus.publish([...userIds].map((userId) => ({ userId, event })));
  }

  connectionsOf(userId: number): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? new Set();
  }

  all(): Connection[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }

  disconnectUser(userId: number, reason: string): void {
    for (const connection of this.connectionsOf(userId)) connection.close(4001, reason);
  }

  /** Closes every socket once the presence updates in flight are done, so none outlives the database. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.pending);
    this.unsubscribe();
    await Promise.all(this.all().map((c) => c.closeGracefully(1001, 'server shutting down', 1000)));
  }

  private presenceChanged(userId: number): void {
    const task = this.onPresenceChange(userId).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private deliver(envelopes: Envelope[]): void {
    for (const { userId, event } of envelopes) {
      const set = this.byUser.get(userId);
      if (set) for (const connection of set) connection.push(event);
    }
  }
}
