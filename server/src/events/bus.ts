import type { ServerEvent, VisitorDurableEvent } from '@switchboard/protocol';
import type { Recipient } from './recipient.js';

export type StreamEvent = ServerEvent | (VisitorDurableEvent & { seq: number });

/** One event for one recipient's stream. */
export interface Envelope {
  to: Recipient;
  event: StreamEvent;
}

/**
 * Carries events from the node that produced them to the nodes holding the recipients' sockets.
 * In-process for a single node; Redis pub/sub when several nodes share a PostgreSQL database.
 */
export interface EventBus {
  publish(envelopes: Envelope[]): void;
  subscribe(handler: (envelopes: Envelope[]) => void): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements EventBus {
  private readonly handlers = new Set<(envelopes: Envelope[]) => void>();

  publish(envelopes: Envelope[]): void {
    if (envelopes.length === 0) return;
    for (const handler of this.handlers) handler(envelopes);
  }

  subscribe(handler: (envelopes: Envelope[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
