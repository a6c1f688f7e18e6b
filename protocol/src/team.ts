import { z } from 'zod';
import { CoercedId, Id } from './common.js';
import { Text } from './text.js';

export const PresenceStatus = z.enum(['available', 'away', 'dnd']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;
/** What others see: the chosen status while connected, offline otherwise. */
export const Presence = z.enum(['available', 'away', 'dnd', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const TeamMember = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  extension: z.string(),
  presence: Presence,
  favourite: z.boolean(),
  groupIds: z.array(Id),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamGroup = z.object({ id: Id, name: z.string() });
export type TeamGroup = z.infer<typeof TeamGroup>;

export const TeamView = z.object({
  groups: z.array(TeamGroup),
  members: z.array(TeamMember),
});
export type TeamView = z.infer<typeof TeamView>;

export const TeamQuery = z.object({ groupId: CoercedId.optional() });

export const SetPresence = z.object({ status: PresenceStatus });

export const UserSearchQuery = z.object({ q: Text().trim().min(1).max(100) });
export const UserSearchResult = z.object({
  users: z.array(z.object({ id: Id, name: z.string(), extension: z.string(), presence: Presence })),
});
export type UserSearchResult = z.infer<typeof UserSearchResult>;
