import { z } from 'zod';
import { Id } from './common.js';
import { NameText } from './text.js';

export const GroupMember = z.object({ userId: Id, isManager: z.boolean() });
export type GroupMember = z.infer<typeof GroupMember>;

export const Group = z.object({
  id: Id,
  name: z.string(),
  members: z.array(GroupMember),
});
export type Group = z.infer<typeof Group>;

export const GroupInput = z.object({
  name: NameText(120),
  members: z.array(GroupMember).max(10_000).default([]),
});
export type GroupInput = z.infer<typeof GroupInput>;

export const GroupList = z.object({ groups: z.array(Group) });
export type GroupList = z.infer<typeof GroupList>;
