import { z } from 'zod';
import { Id } from './common.js';

export const ContactInput = z.object({
  name: z.string().trim().min(1).max(200),
  company: z.string().trim().max(200).default(''),
  phones: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
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

export const ContactQuery = z.object({ q: z.string().trim().max(100).optional() });
export const ContactList = z.object({ contacts: z.array(Contact) });
export type ContactList = z.infer<typeof ContactList>;
