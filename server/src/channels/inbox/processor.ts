import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { AccountDirectory } from '../accounts/directory.js';
import type { ChannelInbound } from '../inbound.js';
import { NotYet } from '../inbound.js';
import { backoffMs, type Pacing } from '../lease.js';
import type { Adapters } from '../registry.js';
import { inboxStorage, type InboxRow } from './storage.js';

const LEASE_MS = 5 * 60_000;
const BATCH = 50;
/** After this many attempts a webhook is marked failed and kept for an admin to look at. */
const MAX_ATTEMPTS = 8;

/** Processes stored webhooks: each by one worker at a time, retried with backoff when it fails. */
export class InboxProcessor {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountDirectory,
    private readonly adapters: Adapters,
    private readonly inbound: ChannelInbound,
    private readonly clock: Clock,
    private readonly owner: string,
    private readonly log: (error: unknown, message: string) => void,
    private readonly pacing: Pacing,
  ) {}

  /** Processes what is due; answers how many webhooks it took. */
  async runOnce(): Promise<number> {
    const rows = await inboxStorage.claim(this.db, this.owner, this.clock.now(), LEASE_MS, BATCH);
    for (const row of rows) {
      const started = performance.now();
      await this.process(row);
      // Let waiting requests in between (SQLite answers synchronously: without this a batch would
      // run to its end in microtasks while providers wait for their 200).
      await this.pacing.pause(performance.now() - started);
    }
    return rows.length;
  }

  private async process(row: InboxRow): Promise<void> {
    try {
      const account = await this.accounts.byId(row.account_id);
      const adapter = account && this.adapters.get(account.type);
      if (!account || !adapter) {
        await inboxStorage.failed(this.db, row.id, this.owner, 'the channel account is gone or has no connector');
        return;
      }
      let events: Awaited<ReturnType<typeof adapter.parseWebhook>>;
      try {
        events = await adapter.parseWebhook(account, row.body);
      } catch (error) {
        // Signed by the provider but not readable: trying again reads the same bytes. Kept for an admin.
        this.log(error, `webhook ${row.id} cannot be read`);
        await inboxStorage.failed(this.db, row.id, this.owner, error instanceof Error ? error.message : String(error));
        return;
      }
      for (const event of events) await this.inbound.apply(account, event);
      await inboxStorage.done(this.db, row.id, this.owner);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (row.attempts >= MAX_ATTEMPTS) {
        this.log(error, `webhook ${row.id} failed for good after ${row.attempts} attempts`);
        await inboxStorage.failed(this.db, row.id, this.owner, message);
      } else {
        if (!(error instanceof NotYet)) this.log(error, `webhook ${row.id} failed; retrying`);
        await inboxStorage.retryLater(this.db, row.id, this.owner, this.clock.now() + backoffMs(row.attempts), message);
      }
    }
  }
}
