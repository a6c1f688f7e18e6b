import { randomUUID } from 'node:crypto';
import type { Access } from '../access/access.js';
import type { ChatService } from '../chat/service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { ConversationCore } from '../conversations/core.js';
import type { CustomerIntake } from '../customer-chat/intake.js';
import type { Db } from '../db/database.js';
import type { Hub } from '../events/hub.js';
import type { FilesService } from '../files/service.js';
import type { Router } from '../routing/router.js';
import { AccountDirectory } from './accounts/directory.js';
import { InboxProcessor } from './inbox/processor.js';
import { ChannelInbound } from './inbound.js';
import { ChannelMessaging } from './messaging.js';
import { OutboxSender } from './outbox/sender.js';
import { createAdapters } from './registry.js';
import { MediaLinks } from './media-links.js';
import { loadSecretKey, SecretBox } from './secrets.js';
import { ChannelWorkers } from './workers.js';
import { Pacing } from './lease.js';

interface Deps {
  db: Db;
  access: Access;
  hub: Hub;
  chat: ChatService;
  conversations: ConversationCore;
  router: Router;
  intake: CustomerIntake;
  files: FilesService;
  clock: Clock;
  config: Config;
  log: (error: unknown, message: string) => void;
  info: (message: string) => void;
}

/** The messaging channels' parts, wired: accounts, adapters, the webhook inbox, the outbox and their workers. */
export function createChannels(d: Deps) {
  const secretKey = loadSecretKey(d.config, d.info);
  const box = new SecretBox(secretKey);
  const links = new MediaLinks(
    secretKey,
    () => d.config.publicUrl,
    () => d.clock.now(),
  );
  const accounts = new AccountDirectory(d.db, box);
  const adapters = createAdapters(d.config);
  // Names this node's leases, so a row it holds is recognisably its own (and another node's is not).
  const owner = `node-${randomUUID()}`;
  const inbound = new ChannelInbound(d.db, d.hub, d.intake, d.conversations, d.files, d.clock);
  const pacing = new Pacing();
  const inbox = new InboxProcessor(d.db, accounts, adapters, inbound, d.clock, owner, d.log, pacing);
  const outbox = new OutboxSender(d.db, d.hub, d.conversations, accounts, adapters, d.files, d.clock, owner, d.log, links);
  const workers = new ChannelWorkers(inbox, outbox, d.log);
  const messaging = new ChannelMessaging(d.db, d.access, d.hub, d.chat, d.conversations, d.router, accounts, adapters, d.clock, d.log, () => workers.kick());
  d.chat.onRead = (conversationId, messageId) => messaging.readByAgent(conversationId, messageId);
  // Every reply that goes to the outbox wakes the sender at once.
  d.chat.onOutbox = () => workers.kick();
  return { box, accounts, adapters, inbound, workers, messaging, links, pacing };
}
