/**
 * Imported first by main.ts: better-sqlite3 13 and our other native and ESM dependencies need Node 24 (on Node 20
 * better-sqlite3 crashes the process with a segmentation fault), so a wrong runtime stops with a sentence instead.
 * `npm start` runs under the project's own Node 24 (the pinned `node` devDependency is first on npm scripts' PATH).
 */
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  console.error(
    `Switchboard needs Node.js ${REQUIRED_MAJOR} or newer; this is ${process.version}. ` +
      'Start it with `npm start` (which uses the Node.js 24 the project installs) or install Node.js 24 LTS.',
  );
  process.exit(1);
}
export {};
