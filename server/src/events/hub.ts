import type { Connection } from './connection.js';
import type { BusMessage, Disconnect, EventBus, Envelope, StreamEvent } from './bus.js';
import { parseRecipient, userRecipient, type Recipient } from './recipient.js';

/** The sockets connected to this node, by recipient, fed from the event bus. */
export class Hub {
  private readonly byRecipient = new Map<Recipient, Set<Connection>>();
  private readonly unsubscribe: () => void;
  private closing = false;
  private readonly pending = new Set<Promise<void>>();
  /** Ends a `close` in progress at once (`endNow`). */
  private ended?: () => void;
  /** Called when a user's first socket opens or last socket closes on this node. */
  onPresenceChange: (userId: number) => Promise<void> = async () => {};
  /** Told when that work fails (a database error, say): it runs in the background, and nobody else would hear of it. */
  onPresenceError: (error: unknown) => void = () => {};
  /** Called for every socket that joins this node (a reloaded callee's device rings again). */
  onSocketOpened: (connection: Connection) => void = () => {};
  /** Called for every socket that leaves this node (calls end the ones the device was in). */
  onSocketClosed: (connection: Connection) => void = () => {};

  constructor(private readonly bus: EventBus) {
    this.unsubscribe = bus.subscribe((envelopes) => this.deliver(envelopes));
  }

  /**
   * Adds a socket unless its recipient already holds `max` on this node: then the new one is refused (false),
   * so a leaked token or session cannot open sockets without end, and the sockets already working stay.
   */
  add(connection: Connection, max = Infinity): boolean {
    if ((this.byRecipient.get(connection.recipient)?.size ?? 0) >= max) return false;
    let set = this.byRecipient.get(connection.recipient);
    if (!set) {
      set = new Set();
      this.byRecipient.set(connection.recipient, set);
    }
    set.add(connection);
    if (set.size === 1) this.presenceChanged(connection.recipient);
    this.onSocketOpened(connection);
    return true;
  }

  remove(connection: Connection): void {
    const set = this.byRecipient.get(connection.recipient);
    if (!set?.delete(connection)) return;
    if (!this.closing) this.onSocketClosed(connection);
    if (set.size === 0) {
      this.byRecipient.delete(connection.recipient);
      if (!this.closing) this.presenceChanged(connection.recipient);
    }
  }

  /** Set by `close`: a socket that arrives now is refused, as nothing would close it (the shutdown would wait for ever). */
  get closingDown(): boolean {
    return this.closing;
  }

  isOnline(userId: number): boolean {
    return this.byRecipient.has(userRecipient(userId));
  }

  /** Whether the recipient (a colleague or a visitor) has a socket on this node. */
  hasSockets(recipient: Recipient): boolean {
    return this.byRecipient.has(recipient);
  }

  /**
   * Tells `handler` of every message the bus carries, this node's and (with Redis) the other nodes', after the
   * sockets here had theirs: for what this node remembers of the state others change (customer-chat's takes).
   */
  watch(handler: (messages: BusMessage[]) => void): () => void {
    return this.bus.subscribe(handler);
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

  /** Closes the recipient's sockets on every node; only those of one session (token hash) when given. */
  disconnect(recipient: Recipient, code: number, reason: string, session?: string): void {
    this.bus.publish([{ to: recipient, disconnect: { code, reason, ...(session ? { session } : {}) } }]);
  }

  /** Closes the recipient's sockets on every node but those of the session kept (token hash). */
  disconnectOthers(recipient: Recipient, code: number, reason: string, exceptSession: string): void {
    this.bus.publish([{ to: recipient, disconnect: { code, reason, exceptSession } }]);
  }

  /**
   * Closes every socket once the presence updates in flight are done, so none outlives the database; or at once
   * when `endNow` is called (a shutdown's grace ran out).
   */
  async close(): Promise<void> {
    this.closing = true;
    const ended = new Promise<void>((resolve) => {
      this.ended = resolve;
    });
    await Promise.race([Promise.allSettled(this.pending), ended]);
    this.unsubscribe();
    await Promise.race([Promise.all(this.all().map((c) => c.closeGracefully(1001, 'server shutting down', 1000))), ended]);
  }

  /** Cuts every socket here and ends a `close` still waiting: a shutdown must not wait for ever. */
  endNow(): void {
    this.ended?.();
    for (const connection of this.all()) connection.terminate();
  }

  private presenceChanged(recipient: Recipient): void {
    const { kind, id } = parseRecipient(recipient);
    if (kind !== 'user') return;
    // Caught here: a rejection nobody handles would end the process (and a batch of waiting chats offered again
    // is shared by every presence change that asked for it, routing/router.ts `offerAgain`).
    const task = this.onPresenceChange(id)
      .catch((error: unknown) => this.onPresenceError(error))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private deliver(messages: BusMessage[]): void {
    for (const message of messages) {
      const set = this.byRecipient.get(message.to);
      if (!set) continue;
      if ('event' in message) {
        for (const connection of set) if (addressed(message, connection.device)) connection.push(message.event);
      } else this.closeSockets(set, message.disconnect);
    }
  }

  private closeSockets(set: Set<Connection>, { code, reason, session, exceptSession }: Disconnect['disconnect']): void {
    for (const connection of set) {
      if (session !== undefined && connection.session !== session) continue;
      if (exceptSession !== undefined && connection.session === exceptSession) continue;
      connection.close(code, reason);
    }
  }
}

function addressed(envelope: Envelope, device: string): boolean {
  if (envelope.device !== undefined) return envelope.device === device;
  return envelope.exceptDevice === undefined || envelope.exceptDevice !== device;
}
