import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../../server/src/db/dialect.js';
import { startHarness, type Harness } from '../../server/src/testing/harness.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * The server's warnings and errors, on the test's stderr: a shutdown that ran out of grace (a restart in a test)
 * says there what it still waited for.
 */
const warningsToStderr = new Writable({
  write(chunk: Buffer, _encoding, done) {
    process.stderr.write(chunk, () => done());
  },
});

/** The real server on a fresh database (SQLite unless told), serving the built web client on a free port. */
export async function startServer(env: Record<string, string> = {}, dialect: DialectName = 'sqlite'): Promise<Harness> {
  const harness = await startHarness(dialect, {
    env: { WEB_DIST, VISITOR_LIMIT_PER_IP: '1000', VISITOR_MESSAGE_LIMIT_PER_IP: '1000', LOG_LEVEL: 'warn', ...env },
    logStream: warningsToStderr,
  });
  await harness.listen();
  return harness;
}
