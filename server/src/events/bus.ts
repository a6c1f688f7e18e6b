import type { ServerEvent, VisitorDurableEvent } from '@switchboard/protocol';
import type { Recipient } from './recipient.js';

export type StreamEvent = ServerEvent | (VisitorDurableEvent & { seq: number });

/**
 * One event for one recipient's stream. `device` narrows it to one socket of theirs (a call's answering
 * device), `exceptDevice` to all but one ("answered elsewhere"); only events without a seq are addressed so,
 * since a durable event belongs to the whole stream.
 */
export interface Envelope {
  to: Recipient;
  event: StreamEvent;
  device?: string;
  exceptDevice?: string;
}

/**
 * Closes a recipient's sockets on every node (signed out, blocked, conversation deleted); only those of one
 * session (a token hash) when `session` is set, all but one when `exceptSession` is (a password changed in this
 * session ends the others). It travels on the bus because the sockets may sit on another node.
 */
export interface Disconnect {
  to: Recipient;
  disconnect: { code: number; reason: string; session?: string; exceptSession?: string };
}

export type BusMessage = Envelope | Disconnect;

/**
 * Carries events from the node that produced them to the nodes holding the recipients' sockets.
 * In-process for a single node; Redis pub/sub when several nodes share a PostgreSQL database.
 */
export interface EventBus {
  publish(envelopes: BusMessage[]): void;
  subscribe(handler: (envelopes: BusMessage[]) => void): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements EventBus {
  private readonly handlers = new Set<(envelopes: BusMessage[]) => void>();

  publish(envelopes: BusMessage[]): void {
    if (envelopes.length === 0) return;
    for (const handler of this.handlers) handler(envelopes);
  }

  subscribe(handler: (envelopes: BusMessage[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
