/**
 * Switchboard benchmark: `npm run bench [-- throughput|latency|idle-memory|routing|files|abuse|start|history|webhooks ...]` (all by default).
 * Prints a table per scenario and rewrites docs/benchmarks.md. Set BENCH_DATABASE_URL=postgres://user@host/db
 * (an existing database to connect through) to run on a fresh PostgreSQL database instead of SQLite.
 */
import os from 'node:os';
import { cpuModel, writeBenchmarksDoc } from './doc.js';
import { printReport, type ScenarioName, type ScenarioReport } from './report.js';
import { abuse } from './scenarios/abuse.js';
import { history } from './scenarios/history.js';
import { webhooks } from './scenarios/webhooks.js';
import { startTime } from './scenarios/start.js';
import { chatThroughput } from './scenarios/chat-throughput.js';
import { fileTransfer } from './scenarios/files.js';
import { idleMemory } from './scenarios/idle-memory.js';
import { deliveryLatency } from './scenarios/latency.js';
import { routingBurst } from './scenarios/routing.js';
import { databaseLabel } from './target/switchboard.js';

const scenarios: Record<ScenarioName, () => Promise<ScenarioReport>> = {
  throughput: chatThroughput,
  latency: deliveryLatency,
  'idle-memory': idleMemory,
  routing: routingBurst,
  files: fileTransfer,
  abuse,
  start: startTime,
  history,
  webhooks,
};
const names = Object.keys(scenarios) as ScenarioName[];

function chosenScenarios(args: string[]): ScenarioName[] {
  const unknown = args.filter((a) => !names.includes(a as ScenarioName));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; choose from ${names.join(', ')}`);
  return args.length > 0 ? names.filter((n) => args.includes(n)) : names;
}

function commandLine(args: string[]): string {
  const url = process.env.BENCH_DATABASE_URL;
  const masked = url ? new URL(url) : undefined;
  if (masked?.password) masked.password = '***';
  return `${masked ? `BENCH_DATABASE_URL=${masked} ` : ''}npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const chosen = chosenScenarios(args);
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  if (loadAtStart > 0.5) console.warn(`note: load average is ${loadAtStart.toFixed(2)} before the run; other work will skew the figures`);
  const reports: ScenarioReport[] = [];
  for (const name of chosen) {
    console.log(`running ${name}…`);
    const report = await scenarios[name]();
    printReport(report);
    reports.push(report);
  }
  const file = writeBenchmarksDoc(reports, {
    command: commandLine(args),
    date: new Date(started).toISOString(),
    node: process.version,
    cpu: cpuModel(),
    database: databaseLabel(),
    load: [loadAtStart, os.loadavg()[0]!],
    skipped: names.filter((n) => !chosen.includes(n)),
  });
  console.log(`\nwrote ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
