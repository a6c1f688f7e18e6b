import { performance } from 'node:perf_hooks';
import type { ClientSpec, LoadPlan, LoadResult, Mark } from '../load/messages.js';
import type { LoadGenerator } from '../load/remote.js';

export interface Measured {
  load: LoadResult;
  /** CPU time of this (the server's) process during the window, as a fraction of one core. */
  serverCpu: number;
}

/**
 * Connects the clients, runs the plan while sampling this process's CPU over the same window, disconnects.
 * `onMark` also hears the window open and close, e.g. to start other work inside it.
 */
export async function measureLoad(
  generator: LoadGenerator,
  clients: ClientSpec[],
  plan: LoadPlan,
  onMark: (phase: Mark['phase']) => void = () => {},
): Promise<Measured> {
  const connected = await generator.connect(clients);
  if (connected.failed > 0) {
    throw new Error(`${connected.failed} of ${clients.length} clients could not connect: ${connected.firstError}`);
  }
  const cpu = new MarkedCpu();
  const load = await generator.run(plan, (phase) => {
    cpu.onMark(phase);
    onMark(phase);
  });
  await generator.disconnect();
  return { load, serverCpu: cpu.fraction };
}

/** This process's CPU time between the generator's measure-start and measure-end marks, as a fraction of one core. */
export class MarkedCpu {
  fraction = Number.NaN;
  /** CPU time of the process's main thread (the server's event loop) in the window, ms: the work, less noisy than a latency. */
  threadMs = Number.NaN;
  private start = process.cpuUsage();
  private threadStart = process.threadCpuUsage();
  private windowStart = performance.now();

  readonly onMark = (phase: Mark['phase']): void => {
    if (phase === 'measure-start') {
      this.start = process.cpuUsage();
      this.threadStart = process.threadCpuUsage();
      this.windowStart = performance.now();
      return;
    }
    const cpu = process.cpuUsage(this.start);
    const thread = process.threadCpuUsage(this.threadStart);
    this.fraction = (cpu.user + cpu.system) / 1000 / (performance.now() - this.windowStart);
    this.threadMs = (thread.user + thread.system) / 1000;
  };
}

/**
 * Reads this process's RSS every `sampleMs` until stopped; keeps the peak. `memoryUsage.rss()`, not
 * `memoryUsage()`: that one also walks the heap's spaces, ~0.3 ms of the server's thread a call in a routing
 * burst (1.6% of it in a profile), which the server hosted here would be charged for.
 */
export function rssSampler(sampleMs: number) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), sampleMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Problems with a run's bookkeeping; empty when every send was answered and delivered once to each recipient. */
export function deliveryProblems(load: LoadResult): string[] {
  const problems: string[] = [];
  if (load.acked + load.errors !== load.sent) problems.push(`${load.sent - load.acked - load.errors} of ${load.sent} sends never answered`);
  if (load.errors > 0) problems.push(`${load.errors} error answers (first: ${load.firstError})`);
  if (load.delivered !== load.expectedDeliveries) {
    problems.push(`${load.delivered} deliveries to recipients, expected ${load.expectedDeliveries} (answered sends × recipients)`);
  }
  if (load.echoes !== load.acked) problems.push(`${load.echoes} echoes to senders, expected ${load.acked}`);
  return problems;
}

export function deliverySummary(name: string, load: LoadResult): string {
  const problems = deliveryProblems(load);
  return problems.length === 0
    ? `${name}: ${load.sent} sends, all answered; ${load.delivered} deliveries = sends × recipients; no errors.`
    : `${name}: PROBLEM: ${problems.join('; ')}.`;
}

/** Messages per second delivered to recipients inside the window. */
export const deliveredRate = (load: LoadResult) => (load.deliveredInWindow * 1000) / load.windowMs;
