// Builds what changed since its last build: the server and protocol (TypeScript → JavaScript, `tsc -b`, then
// bundled by esbuild), the web client and the widget (Vite). An up-to-date part is skipped by comparing
// modification times, so `npm start` on a built tree starts the server at once instead of rebuilding everything
// (3 s) every time.
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

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

/**
 * The compiled server as two files a start loads instead of ~1,000 modules (each resolved, read and compiled
 * apart: ~0.6 s of a 1.8 s start): `bundle/server.js` (dist/main.js with its dependencies) and
 * `bundle/offload.worker.js` (the SQLite writer thread, found beside the server as in dist/db/), and the launcher
 * `bundle/main.js` (launch.ts), which imports the server only after the runtime check. Native modules stay
 * outside, as does heic-decode, which the image thread loads by its path.
 */
async function bundleServer() {
  const { build } = await import('esbuild'); // only when building: a start on a built tree need not load it
  const dist = path.join(root, 'server/dist');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outdir: path.join(root, 'server/bundle'),
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node's modules; ESM output has none of its own.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  };
  await build({
    ...common,
    entryPoints: { server: path.join(dist, 'main.js'), 'offload.worker': path.join(dist, 'db/offload.worker.js') },
    external: ['better-sqlite3', 'sharp', 'pg-native', 'heic-decode'],
  });
  const serverApart = {
    name: 'server-apart',
    setup: (b) => b.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './server.js', external: true })),
  };
  await build({ ...common, entryPoints: { main: path.join(dist, 'launch.js') }, plugins: [serverApart] });
}

const parts = [
  {
    name: 'server',
    inputs: ['server/src', 'server/tsconfig.json', 'protocol/src', 'protocol/tsconfig.json', 'tsconfig.base.json', 'package-lock.json'],
    output: 'server/bundle/main.js',
    run: async () => {
      run('npx', ['tsc', '-b', 'server']);
      await bundleServer();
    },
  },
  {
    name: 'web client',
    inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/scripts', 'protocol/src', 'package-lock.json'],
    output: 'web/dist/index.html',
    run: () => run('npm', ['run', 'build', '-w', 'web']),
  },
  {
    name: 'widget',
    inputs: ['widget/src', 'widget/vite.config.ts', 'widget/scripts', 'protocol/src', 'package-lock.json'],
    output: 'widget/dist/widget.js',
    run: () => run('npm', ['run', 'build', '-w', 'widget']),
  },
];

for (const part of parts) {
  if (!force && builtAt(part.output) > newest(part.inputs)) {
    console.log(`${part.name}: up to date`);
    continue;
  }
  console.log(`${part.name}: building`);
  await part.run();
  // Stamped as built now: `tsc -b` leaves an output whose text did not change as it was, so after an edit that
  // did not change main.js every later start found the server out of date and ran tsc again (~1.5 s a start).
  const now = new Date();
  utimesSync(path.join(root, part.output), now, now);
}
