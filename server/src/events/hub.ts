import type { Connection } from './connection.js';
import type { EventBus, Envelope, StreamEvent } from './bus.js';
import { parseRecipient, userRecipient, type Recipient } from './recipient.js';

/** The sockets connected to this node, by recipient, fed from the event bus. */
export class Hub {
  private readonly byRecipient = new Map<Recipient, Set<Connection>>();
  private readonly unsubscribe: () => void;
  private closing = false;
  private readonly pending = new Set<Promise<void>>();
  /** Called when a user's first socket opens or last socket closes on this node. */
  onPresenceChange: (userId: number) => Promise<void> = async () => {};

  constructor(private readonly bus: EventBus) {
    this.unsubscribe = bus.subscribe((envelopes) => this.deliver(envelopes));
  }

  add(connection: Connection): void {
    let set = this.byRecipient.get(connection.recipient);
    if (!set) {
      set = new Set();
      this.byRecipient.set(connection.recipient, set);
    }
    set.add(connection);
    if (set.size === 1) this.presenceChanged(connection.recipient);
  }

  remove(connection: Connection): void {
    const set = this.byRecipient.get(connection.recipient);
    if (!set?.delete(connection)) return;
    if (set.size === 0) {
      this.byRecipient.delete(connection.recipient);
      if (!this.closing) this.presenceChanged(connection.recipient);
    }
  }

  isOnline(userId: number): boolean {
    return this.byRecipient.has(userRecipient(userId));
  }

  publish(envelopes: Envelope[]): void {
    this.bus.publish(envelopes);
  }

  publishTo(userIds: Iterable<number>, event: StreamEvent): void {
    this.bus.publish([...userIds].map((userId) => ({ to: userRecipient(userId), event })));
  }

  all(): Connection[] {
    return [...this.byRecipient.values()].flatMap((set) => [...set]);
  }

  disconnect(recipient: Recipient, code: number, reason: string): void {
    for (const connection of this.byRecipient.get(recipient) ?? []) connection.close(code, reason);
  }

  /** Closes every socket once the presence updates in flight are done, so none outlives the database. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.pending);
    this.unsubscribe();
    await Promise.all(this.all().map((c) => c.closeGracefully(1001, 'server shutting down', 1000)));
  }

  private presenceChanged(recipient: Recipient): void {
    const { kind, id } = parseRecipient(recipient);
    if (kind !== 'user') return;
    const task = this.onPresenceChange(id).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private deliver(envelopes: Envelope[]): void {
    for (const { to, event } of envelopes) {
      const set = this.byRecipient.get(to);
      if (set) for (const connection of set) connection.push(event);
    }
  }
}
