import './runtime-check.js';
import { buildApp } from './app.js';
import { loadSecretKey } from './channels/secrets.js';
import { loadConfig } from './config.js';
import { openStorage } from './db/database.js';
import { RedisBus } from './events/redis-bus.js';
import { listen } from './http/listen.js';
import { seedIfEmpty, type SeededLogin } from './seed/seed.js';

function printLogins(logins: SeededLogin[], url: string): void {
  if (logins.length === 0) return;
  const lines = logins.map((l) => `  ${l.role.padEnd(8)} ${l.email.padEnd(22)} ${l.password}   (ext. ${l.extension})`);
  console.log(`\nSwitchboard demo organisation created. Sign in at ${url} with:\n${lines.join('\n')}\nThese passwords are shown only once.\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  // First: a missing or bad SECRET_KEY stops the start with its own sentence before the database is touched
  // (the channels' wiring reads the same key again, or the file this makes).
  loadSecretKey(config, (msg) => console.log(msg));
  const storage = await openStorage(config);
  const bus = config.redisUrl ? await RedisBus.connect(config.redisUrl) : undefined;
  const { app, services } = await buildApp({ config, storage, bus });
  if (bus) bus.onError = (err) => app.log.warn({ err }, 'publishing on the event bus failed; clients catch up from the database');
  const logins = await seedIfEmpty(storage.db, services, config);
  await listen(app, { port: config.port, host: config.host });
  printLogins(logins, config.publicUrl);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
