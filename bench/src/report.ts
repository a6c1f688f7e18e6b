export type ScenarioName = 'throughput' | 'latency' | 'idle-memory' | 'routing' | 'files' | 'abuse' | 'start' | 'history' | 'webhooks';

export interface TargetCheck {
  goal: string;
  measured: string;
  met: boolean;
  /** By how much it was missed, when it was. */
  shortfall?: string;
}

export interface ScenarioReport {
  name: ScenarioName;
  title: string;
  setup: string;
  columns: string[];
  rows: string[][];
  targets: TargetCheck[];
  notes: string[];
}

function textTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const verdict = (t: TargetCheck) => (t.met ? 'met' : `MISSED${t.shortfall ? ` (${t.shortfall})` : ''}`);

export function printReport(report: ScenarioReport): void {
  console.log(`\n== ${report.title} ==\n${report.setup}\n`);
  console.log(textTable(report.columns, report.rows));
  console.log('');
  for (const target of report.targets) console.log(`target ${target.goal}: ${target.measured}, ${verdict(target)}`);
  for (const note of report.notes) console.log(`- ${note}`);
}
