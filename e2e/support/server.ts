import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, type Harness } from '../../server/src/testing/harness.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** The real server on a fresh SQLite database, serving the built web client on a free port. */
export async function startServer(env: Record<string, string> = {}): Promise<Harness> {
  const harness = await startHarness('sqlite', { env: { WEB_DIST, VISITOR_LIMIT_PER_IP: '1000', VISITOR_MESSAGE_LIMIT_PER_IP: '1000', ...env } });
  await harness.listen();
  return harness;
}
