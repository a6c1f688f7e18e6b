import type { Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** A request answering for longer than this is a transfer (a download, an upload), not one to wait for. */
const SHORT_REQUEST_MS = 1000;
/** Requests count as still arriving this long after the last one started. */
const ARRIVING_MS = 250;

/**
 * The HTTP requests this node is answering right now. Background work (processing stored webhooks) gives
 * way to them: a provider expects its 200 within seconds and retries without one, while processing can
 * wait a few milliseconds. Without this, a steady stream of webhooks and their processing share the event
 * loop and every answer queues behind processing.
 */
export class RequestGauge {
  private readonly answering = new Map<ServerResponse, number>();
  private lastStarted = -Infinity;

  constructor(server: Server) {
    server.on('request', (_request, response: ServerResponse) => {
      this.lastStarted = performance.now();
      this.answering.set(response, this.lastStarted);
      const done = () => this.answering.delete(response);
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /** True while a request that started less than a second ago is unanswered. */
  busy(): boolean {
    const recent = performance.now() - SHORT_REQUEST_MS;
    for (const started of this.answering.values()) if (started > recent) return true;
    return false;
  }

  /** True while requests keep arriving (one started within the last quarter second). */
  arriving(): boolean {
    return performance.now() - this.lastStarted < ARRIVING_MS;
  }

  /**
   * Background work that just ran for `spentMs` waits as long again while requests keep arriving, so under a
   * stream of them it takes at most half the event loop: the requests not yet read (queued in the kernel,
   * where busy() cannot see them) get the other half. Then it waits while requests are being answered, for at
   * most `maxMs`, so it still moves under load.
   */
  async giveWay(spentMs: number, maxMs: number): Promise<void> {
    if (this.arriving() && spentMs >= 1) await sleep(spentMs);
    const until = performance.now() + maxMs;
    while (this.busy() && performance.now() < until) await sleep(1);
  }
}
