// Prints the gzipped JavaScript the sign-in page loads (index.html's script and its preloads) and fails
// the build above the budget: the rest of the client loads after sign-in or when first used.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
const kb = (bytes) => (bytes / 1024).toFixed(1);
let total = 0;
for (const script of scripts) total += gzipSync(readFileSync(new URL(script, dist)), { level: 9 }).length;

console.log(`sign-in page JavaScript: ${scripts.length} files, ${kb(total)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB * 1024) {
  console.error(`the sign-in page loads more than ${BUDGET_KB} KB of gzipped JavaScript`);
  process.exit(1);
}
