import type { Presence, PresenceStatus, TeamView, UserSearchResult } from '@switchboard/protocol';
import type { Actor } from '../access/access.js';
import type { Db } from '../db/database.js';
import type { Hub } from '../events/hub.js';
import { errors } from '../http/errors.js';
import type { Router } from '../routing/router.js';
import type { Online } from './online.js';
import { teamStorage } from './storage.js';

export class TeamService {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly router: Router,
    private readonly online: Online,
  ) {
    hub.onPresenceChange = (userId) => this.presenceChanged(userId);
  }

  /** Members of my groups (or of one of them), favourites first, then by name. Admins may view every group. */
  async view(actor: Actor, groupId?: number): Promise<TeamView> {
    const mine = await teamStorage.groupIdsOf(this.db, actor.id);
    const groups = await teamStorage.groups(this.db, actor.role === 'admin' ? 'all' : mine);
    if (groupId !== undefined && !groups.some((g) => g.id === groupId)) {
      throw errors.forbidden('You are not a member of this group');
    }
    const shown = groupId !== undefined ? [groupId] : actor.role === 'admin' && mine.length === 0 ? groups.map((g) => g.id) : mine;
    const rows = await teamStorage.membersOf(this.db, shown, actor.id);
    const favourites = await teamStorage.favouriteIds(this.db, actor.id);
    const online = await this.online.among([...new Set(rows.map((r) => r.id))]);
    const members = new Map<number, TeamView['members'][number]>();
    for (const row of rows) {
      const existing = members.get(row.id);
      if (existing) {
        existing.groupIds.push(row.group_id);
        continue;
      }
      members.set(row.id, {
        id: row.id,
        name: row.name,
        email: row.email,
        extension: row.extension,
        presence: this.presenceOf(online, row),
        favourite: favourites.has(row.id),
        groupIds: [row.group_id],
      });
    }
    const sorted = [...members.values()].sort((a, b) => Number(b.favourite) - Number(a.favourite) || a.name.localeCompare(b.name));
    return { groups, members: sorted };
  }

  async setFavourite(actor: Actor, userId: number, favourite: boolean): Promise<void> {
    if (userId === actor.id) throw errors.validation('You cannot add yourself to your favourites');
    if (!(await teamStorage.activeUser(this.db, userId))) throw errors.notFound('User');
    if (favourite) await teamStorage.addFavourite(this.db, actor.id, userId);
    else await teamStorage.removeFavourite(this.db, actor.id, userId);
  }

  async search(actor: Actor, text: string): Promise<UserSearchResult> {
    const rows = await teamStorage.search(this.db, text, actor.id);
    const online = await this.online.among(rows.map((r) => r.id));
    return {
      users: rows.map((r) => ({ id: r.id, name: r.name, extension: r.extension, presence: this.presenceOf(online, r) })),
    };
  }

  async setPresence(actor: Actor, status: PresenceStatus): Promise<void> {
    await teamStorage.setStatus(this.db, actor.id, status);
    await this.presenceChanged(actor.id);
  }

  /** Tells the team, and lets waiting chats find an agent who just became available. */
  private async presenceChanged(userId: number): Promise<void> {
    await this.broadcastPresence(userId);
    await this.router.agentAvailable(userId);
  }

  /** A colleague's presence: their status while they are online on some node, offline otherwise. */
  private presenceOf(online: ReadonlySet<number>, user: { id: number; status: PresenceStatus }): Presence {
    return online.has(user.id) ? user.status : 'offline';
  }

  private async broadcastPresence(userId: number): Promise<void> {
    const user = await teamStorage.activeUser(this.db, userId);
    if (!user) return;
    const presence = this.presenceOf(await this.online.among([userId]), user);
    this.hub.publishTo(await teamStorage.presenceAudience(this.db, userId), { type: 'presence', userId, presence });
  }
}
