import { z } from 'zod';
import { Id } from './common.js';
import { NameText, Text } from './text.js';

export const ContactInput = z.object({
  name: NameText(200),
  company: NameText(200, 0).default(''),
  phones: z.array(Text().trim().min(1).max(40)).max(20).default([]),
  emails: z.array(z.email().max(200)).max(20).default([]),
});
export type ContactInput = z.infer<typeof ContactInput>;

export const Contact = z.object({
  id: Id,
  name: z.string(),
  company: z.string(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
});
export type Contact = z.infer<typeof Contact>;

export const ContactQuery = z.object({ q: Text().trim().max(100).optional() });
export const ContactList = z.object({ contacts: z.array(Contact) });
export type ContactList = z.infer<typeof ContactList>;
