import { randomBytes } from 'node:crypto';
import type { ChannelAccount, ChannelAccountInput, ChannelAccountRef, ChannelConnectionTest, ChannelTarget } from '@switchboard/protocol';
import type { Access, Actor } from '../../access/access.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import { errors } from '../../http/errors.js';
import type { AccountContext, ConnectionCheck } from '../adapter.js';
import type { Adapters } from '../registry.js';
import { toE164 } from '../phone.js';
import type { SecretBox } from '../secrets.js';
import type { AccountDirectory } from './directory.js';
import { routingStorage } from '../../routing/storage.js';
import { accountStorage, type AccountRow } from './storage.js';
import { MESSENGER_SECRETS, SMS_SECRETS, toRef, toView, WHATSAPP_SECRETS } from './view.js';

type SecretsInput = Extract<ChannelAccountInput, { type: 'whatsapp' | 'messenger' | 'sms' }>;

/**
 * Each messaging type's secrets, and which of them must be set. SMS: the auth token always (Twilio signs
 * webhooks with it); the API key SID and secret only as a pair (checked in `pairs`).
 */
const SECRET_SPECS = {
  whatsapp: { label: 'WhatsApp', names: WHATSAPP_SECRETS, required: WHATSAPP_SECRETS as readonly string[], pairs: [] as string[][] },
  messenger: { label: 'Messenger', names: MESSENGER_SECRETS, required: MESSENGER_SECRETS as readonly string[], pairs: [] as string[][] },
  sms: { label: 'SMS', names: SMS_SECRETS, required: ['authToken'] as readonly string[], pairs: [['apiKeySid', 'apiKeySecret']] },
};

/**
 * A widget's key is typed into web pages (short); a webhook key is all that stands between the internet
 * and a webhook URL before its signature is checked, so it is longer.
 */
const newKey = (type: ChannelAccountInput['type']) => randomBytes(type === 'livechat' ? 9 : 24).toString('base64url');

const targetColumns = (target: ChannelTarget) => ({
  targetType: target.type,
  targetId: target.type === 'queue' ? target.queueId : target.userId,
});

/** Channel accounts: every way customers reach us, with their settings and their (encrypted) secrets. */
export class ChannelAccountsService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly box: SecretBox,
    /** Reads accounts as connectors see them (settings parsed, secrets opened); shared with the webhook and outbox code. */
    private readonly directory: AccountDirectory,
    private readonly clock: Clock,
    /** Read at each call: PUBLIC_URL is known only once the server listens in some setups (tests). */
    private readonly config: { publicUrl: string; defaultCountry: string },
    private readonly adapters: Adapters,
  ) {}

  async list(actor: Actor): Promise<ChannelAccount[]> {
    await this.access.require(actor, 'channels.manage');
    return (await accountStorage.list(this.db)).flatMap((row) => this.view(row) ?? []);
  }

  async get(actor: Actor, id: number): Promise<ChannelAccount> {
    await this.access.require(actor, 'channels.manage');
    return this.viewOf(await accountStorage.byId(this.db, id));
  }

  async create(actor: Actor, given: ChannelAccountInput): Promise<ChannelAccount> {
    await this.access.require(actor, 'channels.manage');
    const input = this.normalised(given);
    await this.assertTarget(input.target);
    const secrets = input.type === 'livechat' ? '' : this.box.seal(this.newSecrets(input));
    const { id } = await accountStorage.insert(this.db, {
      type: input.type,
      name: input.name,
      key: newKey(input.type),
      ...targetColumns(input.target),
      settings: JSON.stringify(input.settings),
      secrets,
      now: this.clock.now(),
    });
    return this.viewOf(await accountStorage.byId(this.db, id));
  }

  async update(actor: Actor, id: number, given: ChannelAccountInput): Promise<ChannelAccount> {
    await this.access.require(actor, 'channels.manage');
    const input = this.normalised(given);
    const row = await accountStorage.byId(this.db, id);
    if (!row) throw errors.notFound('Channel');
    // Another type would need other settings and secrets, and its chats came in another way: a new account.
    if (row.type !== input.type) throw errors.validation(`body.type: a ${row.type} channel cannot become ${input.type}; add a new channel instead`);
    await this.assertTarget(input.target);
    const secrets = input.type === 'livechat' ? undefined : this.box.seal(this.keptSecrets(row, input));
    await accountStorage.update(this.db, id, { name: input.name, ...targetColumns(input.target), settings: JSON.stringify(input.settings), secrets });
    // Webhooks and the outbox on this node use the new token at once, not after the directory's cache expires.
    this.directory.forget();
    return this.viewOf(await accountStorage.byId(this.db, id));
  }

  /** Its conversations keep their history (their account becomes none); messages not yet sent are dropped. */
  async remove(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'channels.manage');
    const result = await accountStorage.remove(this.db, id);
    if (Number(result.numDeletedRows) === 0) throw errors.notFound('Channel');
    this.directory.forget();
  }

  /**
   * "Test connection": asks the provider about the account with its saved credentials (read-only calls)
   * and reports what it answered. A refusal is a result to show, not an error of this request.
   */
  async test(actor: Actor, id: number): Promise<ChannelConnectionTest> {
    await this.access.require(actor, 'channels.manage');
    const row = await accountStorage.byId(this.db, id);
    if (!row) throw errors.notFound('Channel');
    const adapter = this.adapters.get(row.type);
    if (!adapter) throw errors.notSupportedByChannel('test connection', row.type);
    let context: AccountContext | undefined;
    try {
      context = await this.directory.byId(id);
    } catch {
      context = undefined;
    }
    const check: ConnectionCheck = context
      ? await adapter.testConnection(context)
      : { ok: false, code: 'SECRETS_UNREADABLE', message: 'The saved secrets cannot be read (was SECRET_KEY changed?)' };
    const lastWebhookAt = (await accountStorage.byId(this.db, id))?.last_webhook_at ?? null;
    return {
      ok: check.ok,
      name: check.ok ? check.name : '',
      address: check.ok ? check.address : '',
      missingNumbers: check.ok ? (check.missingNumbers ?? []) : [],
      error: check.ok ? null : { code: check.code, message: check.message },
      testedAt: this.clock.now(),
      lastWebhookAt: lastWebhookAt === null ? null : Number(lastWebhookAt),
    };
  }

  /** Every account by name and number, for colleagues choosing one (e.g. to write to a customer on WhatsApp). */
  async refs(actor: Actor): Promise<ChannelAccountRef[]> {
    await this.access.require(actor, 'channels.list');
    return (await accountStorage.list(this.db)).map(toRef);
  }

  /** For webhooks and the outbox (no actor: the provider or the server itself). Throws if secrets cannot be opened. */
  context(id: number): Promise<AccountContext | undefined> {
    return this.directory.byId(id);
  }

  contextByKey(key: string): Promise<AccountContext | undefined> {
    return this.directory.byKey(key);
  }

  /** SMS numbers as Twilio needs them (E.164), however they were typed; one that is no number is refused. */
  private normalised(input: ChannelAccountInput): ChannelAccountInput {
    if (input.type !== 'sms') return input;
    const phoneNumbers = input.settings.phoneNumbers.map((typed, i) => {
      const e164 = toE164(typed, this.config.defaultCountry);
      if (!e164) throw errors.validation(`body.settings.phoneNumbers.${i}: ${typed} is not a phone number`);
      return e164;
    });
    return { ...input, settings: { ...input.settings, phoneNumbers: [...new Set(phoneNumbers)] } };
  }

  private view(row: AccountRow): ChannelAccount | undefined {
    return toView(row, this.config.publicUrl, this.tryOpen(row.secrets));
  }

  private viewOf(row: AccountRow | undefined): ChannelAccount {
    const view = row && this.view(row);
    if (!view) throw errors.notFound('Channel');
    return view;
  }

  private tryOpen(sealed: string): Record<string, string> | null {
    try {
      return this.box.open(sealed);
    } catch {
      return null;
    }
  }

  private newSecrets(input: SecretsInput): Record<string, string> {
    const spec = SECRET_SPECS[input.type];
    const given = input.secrets as Record<string, string | null | undefined>;
    const missing = spec.required.filter((name) => !given[name]);
    if (missing.length > 0) throw errors.validation(missing.map((name) => `body.secrets.${name}: required for a new ${spec.label} channel`).join('; '));
    return this.checkedPairs(Object.fromEntries(spec.names.flatMap((name) => (given[name] ? [[name, given[name] as string]] : []))), input.type);
  }

  /** Absent or null keeps the stored secret; a value replaces it. */
  private keptSecrets(row: AccountRow, input: SecretsInput): Record<string, string> {
    const spec = SECRET_SPECS[input.type];
    const given = input.secrets as Record<string, string | null | undefined>;
    const stored = this.tryOpen(row.secrets);
    const kept: Record<string, string> = {};
    for (const name of spec.names) {
      const value = given[name] ?? stored?.[name];
      if (value) kept[name] = value;
      else if (spec.required.includes(name)) {
        throw errors.validation(
          stored === null
            ? `body.secrets.${name}: the saved secrets cannot be read (was SECRET_KEY changed?); enter them all again`
            : `body.secrets.${name}: required`,
        );
      }
    }
    return this.checkedPairs(kept, input.type);
  }

  /** Secrets that only work together (an API key SID and its secret): both or neither. */
  private checkedPairs(secrets: Record<string, string>, type: SecretsInput['type']): Record<string, string> {
    for (const pair of SECRET_SPECS[type].pairs) {
      const set = pair.filter((name) => secrets[name]);
      if (set.length > 0 && set.length < pair.length) {
        throw errors.validation(`body.secrets: ${pair.join(' and ')} go together; ${pair.filter((n) => !secrets[n]).join(', ')} is missing`);
      }
    }
    return secrets;
  }

  private async assertTarget(target: ChannelTarget): Promise<void> {
    const exists = await routingStorage.targetExists(this.db, target);
    if (!exists) throw errors.validation(`body.target: no such ${target.type}`);
  }
}
