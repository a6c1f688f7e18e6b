/**
 * The load generator: a child process holding every benchmark client, so the server process
 * measured by the parent contains only the server (its CPU, heap and RSS) and each side stays
 * under the open-file limit. Driven by IPC messages from `remote.ts`.
 */
import { BenchClient, type FrameHandler } from './client.js';
import type { ClientSpec, Command, ConnectResult, MemoryFigures, Mark, Reply, ChildMessage } from './messages.js';
import { Recorder } from './recorder.js';
import { runRouting } from './routing.js';
import { runLoad } from './run.js';
import { uploadAll } from './upload.js';
import { blastWebhooks } from './webhooks.js';

const CONNECT_TIMEOUT_MS = 15_000;

let clients: BenchClient[] = [];
/** Where the clients' frames go: the current run's recorder or routing tally. */
let onFrame: FrameHandler = () => {};
const dispatch: FrameHandler = (client, frame) => onFrame(client, frame);
const mark = (phase: Mark['phase']) => post({ kind: 'mark', phase });

function post(message: ChildMessage): void {
  process.send!(message);
}

async function connect(specs: ClientSpec[], concurrency: number): Promise<ConnectResult> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < specs.length) {
      const client = new BenchClient(specs[next++]!, dispatch);
      try {
        await client.open(CONNECT_TIMEOUT_MS);
        clients.push(client);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  return { connected: clients.length, failed, firstError, ms: performance.now() - started };
}

function memory(): MemoryFigures {
  globalThis.gc?.();
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

async function handle(command: Command): Promise<Reply> {
  switch (command.kind) {
    case 'connect':
      return { kind: 'connected', result: await connect(command.clients, command.concurrency) };
    case 'run': {
      const recorder = new Recorder();
      onFrame = recorder.onFrame;
      return { kind: 'ran', result: await runLoad(clients, recorder, command.plan, mark) };
    }
    case 'route':
      return { kind: 'routed', result: await runRouting(command.plan, (handler) => (onFrame = handler), mark) };
    case 'upload':
      return { kind: 'uploaded', results: await uploadAll(command.uploads) };
    case 'memory':
      return { kind: 'memory', result: memory() };
    case 'webhooks':
      return { kind: 'webhooks', result: await blastWebhooks(command.plan) };
    case 'disconnect':
      await Promise.all(clients.map((c) => c.close()));
      clients = [];
      return { kind: 'disconnected' };
  }
}

process.on('message', (command: Command) => {
  handle(command).then(post, (error: Error) => post({ kind: 'failed', message: error.stack ?? error.message }));
});
process.on('disconnect', () => process.exit(0));
