import { performance } from 'node:perf_hooks';
import { summarize } from '../stats.js';
import type { BenchClient, IncomingFrame } from './client.js';
import type { LoadResult } from './messages.js';

interface Pending {
  sentAt: number;
  remaining: number;
}

/** Counts sends, answers and deliveries of one run, and the send-to-deliver latency inside the window. */
export class Recorder {
  windowStart = Number.POSITIVE_INFINITY;
  windowEnd = Number.POSITIVE_INFINITY;
  /** Called after a client's send was answered, so a windowed run can send the next one. */
  onAnswer: (client: BenchClient) => void = () => {};
  private readonly pending = new Map<string, Pending>();
  private readonly latencies: number[] = [];
  private readonly warmupLatencies: number[] = [];
  private sent = 0;
  private acked = 0;
  private delivered = 0;
  private expectedDeliveries = 0;
  private echoes = 0;
  private errors = 0;
  private firstError: string | undefined;

  send(client: BenchClient): void {
    const sentAt = performance.now();
    const clientId = client.send();
    this.pending.set(clientId, { sentAt, remaining: client.spec.recipients ?? 0 });
    this.sent++;
  }

  readonly onFrame = (client: BenchClient, frame: IncomingFrame): void => {
    switch (frame.type) {
      case 'sent':
        this.acked++;
        this.expectedDeliveries += client.spec.recipients ?? 0;
        return this.answered(client);
      case 'message.created':
        return this.created(client, (frame as Extract<IncomingFrame, { type: 'message.created' }>).message);
      case 'error': {
        const error = frame as Extract<IncomingFrame, { type: 'error' }>;
        this.errors++;
        this.firstError ??= error.message;
        if (error.clientId) this.pending.delete(error.clientId);
        return this.answered(client);
      }
    }
  };

  /** Nothing is left unanswered or undelivered. */
  get settled(): boolean {
    return this.pending.size === 0 && this.acked + this.errors === this.sent;
  }

  result(generatorCpu: number): LoadResult {
    return {
      sent: this.sent,
      acked: this.acked,
      delivered: this.delivered,
      expectedDeliveries: this.expectedDeliveries,
      echoes: this.echoes,
      errors: this.errors,
      firstError: this.firstError,
      deliveredInWindow: this.latencies.length,
      windowMs: this.windowEnd - this.windowStart,
      latency: summarize(this.latencies),
      warmupLatency: summarize(this.warmupLatencies),
      generatorCpu,
    };
  }

  private answered(client: BenchClient): void {
    client.outstanding--;
    this.onAnswer(client);
  }

  private created(client: BenchClient, message: { senderId: number; clientId: string }): void {
    if (message.senderId === client.spec.userId) {
      this.echoes++;
      return;
    }
    const now = performance.now();
    this.delivered++;
    const pending = this.pending.get(message.clientId);
    if (!pending) return;
    if (now < this.windowStart) this.warmupLatencies.push(now - pending.sentAt);
    else if (now < this.windowEnd) this.latencies.push(now - pending.sentAt);
    if (--pending.remaining <= 0) this.pending.delete(message.clientId);
  }
}
