import { Access } from './access/access.js';
import { AuthService } from './auth/service.js';
import { ChatService } from './chat/service.js';
import type { Clock } from './clock.js';
import { ContactsService } from './contacts/service.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/bus.js';
import { Hub } from './events/hub.js';
import { GroupsService } from './groups/service.js';
import { TeamService } from './team/service.js';
import { UsersService } from './users/service.js';

export type Services = ReturnType<typeof createServices>;

export function createServices(db: Db, bus: EventBus, clock: Clock) {
  const access = new Access(db);
  const hub = new Hub(bus);
  const auth = new AuthService(db, clock);
  return {
    access,
    hub,
    auth,
    users: new UsersService(db, access, auth, hub, clock),
    groups: new GroupsService(db, access),
    team: new TeamService(db, hub),
    contacts: new ContactsService(db, access, clock),
    chat: new ChatService(db, access, hub, clock),
  };
}
