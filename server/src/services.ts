import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Access } from './access/access.js';
import { AccountService } from './account/service.js';
import { AuthService } from './auth/service.js';
import { ChatService } from './chat/service.js';
import { GroupChatService } from './chat/groups.js';
import { MessageEditsService } from './chat/edits.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ChannelAccountsService } from './channels/accounts/service.js';
import { ContactsService } from './contacts/service.js';
import { ConversationCore } from './conversations/core.js';
import { CustomerIntake } from './customer-chat/intake.js';
import { CustomerChatService } from './customer-chat/service.js';
import type { Db } from './db/database.js';
import { dialectOf } from './db/dialect.js';
import type { EventBus } from './events/bus.js';
import { Hub } from './events/hub.js';
import { FilesService } from './files/service.js';
import { DiskStore } from './files/store.js';
import { contentStoreFor } from './files/database-store.js';
import { GroupsService } from './groups/service.js';
import { LiveChatService } from './livechat/service.js';
import { Mailer } from './mail/mailer.js';
import { QueuesService } from './queues/service.js';
import { Router } from './routing/router.js';
import { SearchService } from './search/service.js';
import { SettingsService } from './settings/service.js';
import { TeamService } from './team/service.js';
import { TypingService } from './typing/service.js';
import { TemplatesService } from './templates/service.js';
import { UsersService } from './users/service.js';
import { createChannels } from './channels/wiring.js';
import { CallService } from './calls/service.js';
import { Online } from './team/online.js';

export type Services = ReturnType<typeof createServices>;

/** How services report failures of background work (the app passes its logger). */
export type ErrorLog = (error: unknown, message: string) => void;

export function createServices(
  db: Db,
  bus: EventBus,
  clock: Clock,
  config: Config,
  random: () => number = Math.random,
  log: ErrorLog = (error, message) => console.error(message, error),
  info: (message: string) => void = (message) => console.info(message),
) {
  const access = new Access(db);
  const hub = new Hub(bus);
  hub.onPresenceError = (error) => log(error, 'offering waiting chats again after a presence change failed (they move on at their ring time)');
  const auth = new AuthService(db, clock, hub);
  const conversations = new ConversationCore(db, hub, clock);
  const chat = new ChatService(db, access, conversations, clock, config.sqliteWriterFromRate);
  // This node, in `nodes`: random per start, so a restarted node's old sockets are swept like a dead node's.
  const nodeId = randomBytes(9).toString('base64url');
  const online = new Online(db, hub, clock, nodeId);
  const router = new Router(db, conversations, clock, online, random);
  const contacts = new ContactsService(db, access, clock);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom);
  const intake = new CustomerIntake(conversations, router, clock, dialectOf(db));
  const files = new FilesService(
    db,
    access,
    contentStoreFor(db, new DiskStore(path.join(config.dataDir, 'files'))),
    clock,
    {
      maxUploadBytes: config.maxUploadBytes,
      image: config.imageLimits,
      unsentTtlMs: config.unsentUploadTtlMs,
      unsent: config.unsentUploads,
    },
    conversations,
  );
  const channels = createChannels({ db, access, hub, chat, conversations, router, intake, files, clock, config, log, info });
  const calls = new CallService(db, access, hub, conversations, clock, config.ice, nodeId);
  return {
    calls,
    channels,
    access,
    hub,
    auth,
    conversations,
    chat,
    groupChats: new GroupChatService(db, access, conversations, clock),
    messageEdits: new MessageEditsService(access, conversations, clock, config.messageEditWindowMs),
    router,
    contacts,
    mailer,
    intake,
    users: new UsersService(db, access, auth, clock, hub),
    account: new AccountService(db, access, auth, mailer, clock, () => config.publicUrl, log, hub),
    groups: new GroupsService(db, access),
    team: new TeamService(db, hub, router, online),
    queues: new QueuesService(db, access, router, conversations),
    customerChats: new CustomerChatService(db, access, hub, conversations, router, contacts, mailer, clock, files),
    files,
    livechat: new LiveChatService(db, access, intake, conversations, clock, online),
    search: new SearchService(db, access),
    typing: new TypingService(access, conversations, hub, clock),
    settings: new SettingsService(db, clock, config.defaultCountry, access),
    templates: new TemplatesService(db, access, clock),
    secretBox: channels.box,
    channelAccounts: new ChannelAccountsService(db, access, channels.box, channels.accounts, clock, config, channels.adapters),
  };
}
