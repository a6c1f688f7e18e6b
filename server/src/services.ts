import path from 'node:path';
import { Access } from './access/access.js';
import { AuthService } from './auth/service.js';
import { ChatService } from './chat/service.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { ContactsService } from './contacts/service.js';
import { CustomerIntake } from './customer-chat/intake.js';
import { CustomerChatService } from './customer-chat/service.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/bus.js';
import { Hub } from './events/hub.js';
import { FilesService } from './files/service.js';
import { DiskStore } from './files/store.js';
import { GroupsService } from './groups/service.js';
import { LiveChatService } from './livechat/service.js';
import { Mailer } from './mail/mailer.js';
import { QueuesService } from './queues/service.js';
import { Router } from './routing/router.js';
import { SettingsService } from './settings/service.js';
import { TeamService } from './team/service.js';
import { TemplatesService } from './templates/service.js';
import { UsersService } from './users/service.js';
import { createChannels } from './channels/wiring.js';

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
  const auth = new AuthService(db, clock, hub);
  const chat = new ChatService(db, access, hub, clock);
  const router = new Router(db, hub, chat, clock, random);
  const contacts = new ContactsService(db, access, clock);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom);
  const intake = new CustomerIntake(db, hub, chat, router, clock);
  const files = new FilesService(db, access, new DiskStore(path.join(config.dataDir, 'files')), clock, {
    maxUploadBytes: config.maxUploadBytes,
    image: config.imageLimits,
    unsentTtlMs: config.unsentUploadTtlMs,
    unsent: config.unsentUploads,
  });
  const channels = createChannels({ db, access, hub, chat, router, intake, files, clock, config, log, info });
  return {
    channels,
    access,
    hub,
    auth,
    chat,
    router,
    contacts,
    mailer,
    intake,
    users: new UsersService(db, access, auth, clock),
    groups: new GroupsService(db, access),
    team: new TeamService(db, hub, router),
    queues: new QueuesService(db, access, router),
    customerChats: new CustomerChatService(db, access, hub, chat, router, contacts, mailer, clock, files),
    files,
    livechat: new LiveChatService(db, access, hub, intake, clock),
    settings: new SettingsService(db, clock, config.defaultCountry),
    templates: new TemplatesService(db, access, clock),
  };
}
