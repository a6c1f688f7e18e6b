import type { ServerEvent as AgentEvent, VisitorDurableEvent } from '@switchboard/protocol';
import WebSocket from 'ws';

type ServerEvent = AgentEvent | (VisitorDurableEvent & { seq: number });

/** A test WebSocket client that records every event and can wait for one matching a predicate. */
export class TestSocket {
  readonly events: ServerEvent[] = [];
  private waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as ServerEvent;
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => (w.match(event) ? (w.resolve(event), false) : true));
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static connect(baseUrl: string, token: string, lastSeq?: number): Promise<TestSocket> {
    const query = lastSeq === undefined ? '' : `?lastSeq=${lastSeq}`;
    return TestSocket.connectUrl(`${baseUrl.replace('http', 'ws')}/ws${query}`, { authorization: `Bearer ${token}` });
  }

  static async connectUrl(url: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<TestSocket> {
    const ws = new WebSocket(url, protocols, { headers });
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    await socket.next((e) => e.type === 'ready' || e.type === 'resync' || e.type === 'error');
    return socket;
  }

  next<T extends ServerEvent['type']>(match: ((e: ServerEvent) => boolean) | T, timeoutMs = 5000): Promise<Extract<ServerEvent, { type: T }>> {
    const predicate = typeof match === 'string' ? (e: ServerEvent) => e.type === match : match;
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen as Extract<ServerEvent, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: predicate,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<ServerEvent, { type: T }>);
        },
      });
    });
  }

  /** Waits for the next event of this type that arrives from now on. */
  async nextNew<T extends ServerEvent['type']>(type: T, timeoutMs = 5000): Promise<Extract<ServerEvent, { type: T }>> {
    const before = this.events.length;
    return this.next((e) => e.type === type && this.events.indexOf(e) >= before, timeoutMs) as Promise<Extract<ServerEvent, { type: T }>>;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  durable(): (ServerEvent & { seq: number })[] {
    return this.events.filter((e): e is ServerEvent & { seq: number } => 'seq' in e);
  }

  lastSeq(): number {
    return this.durable().at(-1)?.seq ?? 0;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  closed(): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }
}
