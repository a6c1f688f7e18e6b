import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  ChildMessage,
  ClientSpec,
  Command,
  ConnectResult,
  LoadPlan,
  LoadResult,
  Mark,
  MemoryFigures,
  Reply,
  RoutingPlan,
  RoutingResult,
  UploadResult,
  UploadSpec,
  WebhookBlast,
  WebhookBlastResult,
} from './messages.js';

const REQUEST_TIMEOUT_MS = 120_000;
const GENERATOR_ARGV = ['--conditions=source', '--import', 'tsx', '--expose-gc'];
/** BENCH_GENERATOR_CPU_PROF=<folder>: the generator writes a CPU profile there (is the measuring process the limit?). */
const PROFILE_ARGV = process.env.BENCH_GENERATOR_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_GENERATOR_CPU_PROF}`] : [];
const generatorFile = fileURLToPath(new URL('./generator.ts', import.meta.url));

/** The parent's handle on the load-generator child process. */
export class LoadGenerator {
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  private onMark: (phase: Mark['phase']) => void = () => {};

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'mark') return this.onMark(message.phase);
      const pending = this.pending;
      this.pending = undefined;
      if (message.kind === 'failed') pending?.reject(new Error(`load generator: ${message.message}`));
      else pending?.resolve(message);
    });
    child.on('exit', (code) => this.pending?.reject(new Error(`load generator exited with code ${code}`)));
  }

  static start(): LoadGenerator {
    const child = fork(generatorFile, [], { execArgv: [...GENERATOR_ARGV, ...PROFILE_ARGV], stdio: 'inherit' });
    return new LoadGenerator(child);
  }

  async connect(clients: ClientSpec[], concurrency = 100): Promise<ConnectResult> {
    const reply = await this.request({ kind: 'connect', clients, concurrency });
    return (reply as Extract<Reply, { kind: 'connected' }>).result;
  }

  /** Runs one load; `onMark` is called as the generator's measurement window opens and closes. */
  async run(plan: LoadPlan, onMark: (phase: Mark['phase']) => void): Promise<LoadResult> {
    const reply = await this.marked({ kind: 'run', plan }, onMark);
    return (reply as Extract<Reply, { kind: 'ran' }>).result;
  }

  /** Runs one routing burst through the connected agents; `onMark` as for `run`. */
  async route(plan: RoutingPlan, onMark: (phase: Mark['phase']) => void): Promise<RoutingResult> {
    const reply = await this.marked({ kind: 'route', plan }, onMark);
    return (reply as Extract<Reply, { kind: 'routed' }>).result;
  }

  /** Uploads all files at once, each then sent in a message; resolves when every one is answered. */
  async upload(uploads: UploadSpec[]): Promise<UploadResult[]> {
    const reply = await this.request({ kind: 'upload', uploads });
    return (reply as Extract<Reply, { kind: 'uploaded' }>).results;
  }

  /** Posts signed webhooks at a steady rate; resolves when every one is answered. */
  async webhooks(plan: WebhookBlast): Promise<WebhookBlastResult> {
    const reply = await this.request({ kind: 'webhooks', plan });
    return (reply as Extract<Reply, { kind: 'webhooks' }>).result;
  }

  async memory(): Promise<MemoryFigures> {
    const reply = await this.request({ kind: 'memory' });
    return (reply as Extract<Reply, { kind: 'memory' }>).result;
  }

  async disconnect(): Promise<void> {
    await this.request({ kind: 'disconnect' });
  }

  stop(): void {
    this.child.disconnect();
  }

  private async marked(command: Command, onMark: (phase: Mark['phase']) => void): Promise<Reply> {
    this.onMark = onMark;
    try {
      return await this.request(command);
    } finally {
      this.onMark = () => {};
    }
  }

  private request(command: Command): Promise<Reply> {
    if (this.pending) throw new Error('load generator is busy');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator: no answer to ${command.kind}`)), REQUEST_TIMEOUT_MS);
      this.pending = {
        resolve: (reply) => (clearTimeout(timer), resolve(reply)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.child.send(command);
    });
  }
}
