import { setTimeout as sleep } from 'node:timers/promises';
import type { MemoryFigures } from '../load/messages.js';

export const js = (m: MemoryFigures) => m.heapUsed + m.external;

/** This process's memory once garbage is collected (when run with --expose-gc) and the heap has settled. */
export async function settledMemory(): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await sleep(100);
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

export interface PeakGrowth<T> {
  result: T;
  /** The largest growth over the settled memory before `work`, in bytes, of any sample. */
  rss: number;
  js: number;
  samples: number;
}

/** Runs `work` while reading this process's memory every `everyMs` (and once at the end); garbage is not collected in between. */
export async function peakGrowth<T>(work: () => Promise<T>, everyMs: number): Promise<PeakGrowth<T>> {
  const before = await settledMemory();
  const peak = { rss: 0, js: 0, samples: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss - before.rss);
    peak.js = Math.max(peak.js, js(now) - js(before));
    peak.samples++;
  };
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work();
    sample();
    return { result, ...peak };
  } finally {
    clearInterval(timer);
  }
}
