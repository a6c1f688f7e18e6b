import { Redis } from 'ioredis';
import type { BusMessage, EventBus } from './bus.js';

/** Anything but a list is dropped: a stray message on the channel must not throw inside ioredis and end the process. */
function parse(message: string): BusMessage[] | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? (parsed as BusMessage[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Event bus for several server nodes sharing one PostgreSQL database: every node publishes to one
 * Redis channel and delivers what it hears to the sockets it holds. Events are durable in the
 * database already, so a message lost by Redis is recovered by the gap check of the next event or
 * by the client's resume.
 */
export class RedisBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Set<(envelopes: BusMessage[]) => void>();
  /** Told when a publish fails (Redis unreachable, or the bus already closed while a node shuts down). */
  onError: (error: unknown) => void = () => {};

  private constructor(
    url: string,
    private readonly channel: string,
  ) {
    this.publisher = new Redis(url, { lazyConnect: true });
    this.subscriber = new Redis(url, { lazyConnect: true });
    this.subscriber.on('message', (_channel: string, message: string) => {
      const envelopes = parse(message);
      if (envelopes) for (const handler of this.handlers) handler(envelopes);
    });
  }

  static async connect(url: string, channel = 'switchboard:events'): Promise<RedisBus> {
    const bus = new RedisBus(url, channel);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(channel);
    return bus;
  }

  publish(envelopes: BusMessage[]): void {
    if (envelopes.length === 0) return;
    // A failed publish loses nothing durable (see above); it must not become an unhandled rejection, which
    // ends a Node process: sockets closing during shutdown still publish after the bus has closed.
    this.publisher.publish(this.channel, JSON.stringify(envelopes)).catch((error: unknown) => this.onError(error));
  }

  subscribe(handler: (envelopes: BusMessage[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
