// Builds what changed since its last build: the server and protocol (TypeScript → JavaScript, `tsc -b`), the
// web client and the widget (Vite). An up-to-date part is skipped by comparing modification times, so
// `npm start` on a built tree starts the server at once instead of rebuilding everything (3 s) every time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

/** The newest modification time under these paths (files and folders, recursively), 0 if none exist. */
function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) if (entry !== 'node_modules' && entry !== 'dist') visit(path.join(file, entry));
  };
  for (const p of paths) visit(path.join(root, p));
  return latest;
}

const builtAt = (file) => (existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : 0);

const parts = [
  {
    name: 'server',
    inputs: ['server/src', 'server/tsconfig.json', 'protocol/src', 'protocol/tsconfig.json', 'tsconfig.base.json', 'package-lock.json'],
    output: 'server/dist/main.js',
    command: ['npx', ['tsc', '-b', 'server']],
  },
  {
    name: 'web client',
    inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/scripts', 'protocol/src', 'package-lock.json'],
    output: 'web/dist/index.html',
    command: ['npm', ['run', 'build', '-w', 'web']],
  },
  {
    name: 'widget',
    inputs: ['widget/src', 'widget/vite.config.ts', 'widget/scripts', 'protocol/src', 'package-lock.json'],
    output: 'widget/dist/widget.js',
    command: ['npm', ['run', 'build', '-w', 'widget']],
  },
];

for (const part of parts) {
  if (!force && builtAt(part.output) > newest(part.inputs)) {
    console.log(`${part.name}: up to date`);
    continue;
  }
  console.log(`${part.name}: building`);
  const [command, args] = part.command;
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
  // Stamped as built now: `tsc -b` leaves an output whose text did not change as it was, so after an edit that
  // did not change main.js every later start found the server out of date and ran tsc again (~1.5 s a start).
  const now = new Date();
  utimesSync(path.join(root, part.output), now, now);
}
