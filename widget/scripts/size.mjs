// Prints the gzipped size of the built widget and fails the build above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 60;
const file = new URL('../dist/widget.js', import.meta.url);
const raw = readFileSync(file);
const gzipped = gzipSync(raw, { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

console.log(`widget.js: ${kb(raw.length)} KB, ${kb(gzipped)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (gzipped > BUDGET_KB * 1024) {
  console.error(`widget.js is over its budget of ${BUDGET_KB} KB gzipped`);
  process.exit(1);
}
