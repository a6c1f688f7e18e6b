import type { ChannelTemplateList, WhatsAppSettings, WhatsAppTemplate } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { AccountContext } from './adapter.js';
import { accountStorage } from './accounts/storage.js';
import type { Adapters } from './registry.js';
import type { WhatsAppAccount } from './whatsapp/adapter.js';

/** Fetched templates are kept this long; approvals change rarely and listing them costs a Graph call. */
const CACHE_MS = 60 * 60_000;

interface TemplateCache {
  templates?: WhatsAppTemplate[];
  fetchedAt?: number;
}

/**
 * An account's approved templates: fetched from the WhatsApp business account and cached in the
 * account's row, or the account's own list when it has no business account id (or the fetch fails and
 * nothing was cached yet).
 */
export async function accountTemplates(
  db: Db,
  adapters: Adapters,
  account: AccountContext,
  clock: Clock,
  log: (e: unknown, m: string) => void,
): Promise<ChannelTemplateList> {
  const settings = account.settings as WhatsAppSettings;
  const manual: ChannelTemplateList = { templates: settings.templates, source: 'manual' };
  const row = await accountStorage.byId(db, account.id);
  const cache = JSON.parse(row?.cache ?? '{}') as TemplateCache;
  if (cache.templates && cache.fetchedAt && clock.now() - cache.fetchedAt < CACHE_MS) return { templates: cache.templates, source: 'api' };
  try {
    const fetched = await adapters.whatsapp.templates(account as unknown as WhatsAppAccount);
    if (fetched === null) return manual;
    await accountStorage.setCache(db, account.id, JSON.stringify({ templates: fetched, fetchedAt: clock.now() } satisfies TemplateCache));
    return { templates: fetched, source: 'api' };
  } catch (error) {
    log(error, `listing templates of channel account ${account.id} failed`);
    return cache.templates ? { templates: cache.templates, source: 'api' } : manual;
  }
}

/** The template's text as the customer reads it: {{1}}… replaced by the parameters. */
export function renderTemplate(template: WhatsAppTemplate, parameters: string[]): string {
  const text = template.body || template.name;
  return text.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);
}
