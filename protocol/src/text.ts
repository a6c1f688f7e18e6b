import { z } from 'zod';

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the invisible direction marks and
 * overrides (LRM/RLM, LRE..RLO, LRI..PDI) that can make a name read as something it is not.
 */
const CONTROL_AND_BIDI = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Removes control characters and bidi overrides; tab and newline stay (message bodies keep them). */
export function stripControlAndBidi(s: string): string {
  return s.replace(CONTROL_AND_BIDI, '');
}

/**
 * Any text from a client. NUL is refused (400), not stripped: PostgreSQL cannot store it in text,
 * no legitimate client sends it, and a silently altered login email, widget key or search would
 * answer for something other than what was asked.
 */
export const Text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain a NUL character');

/**
 * A name shown to others (user, contact, customer, group, queue, widget): control characters and
 * bidi overrides removed and whitespace runs (newlines included) folded to one space, before the
 * length check so an all-control name counts as empty.
 */
export const NameText = (max: number, min = 1) =>
  Text()
    .overwrite((s) => stripControlAndBidi(s).replace(/\s+/g, ' ').trim())
    .min(min)
    .max(max);
