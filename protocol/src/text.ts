import { z } from 'zod';

/**
 * Characters that change how text around them looks without being seen themselves: C0 and C1
 * control characters (DEL too), line and paragraph separators, and the bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9) with which
 * "invoice\u202Efdp.bat" shows as "invoicetab.pdf". Also zero-width space, word joiner, the
 * deprecated format characters U+206A–F and a BOM, which hide inside look-alike names.
 * Kept: ZWJ and ZWNJ (U+200C/D), which emoji sequences and Persian or Indic writing need.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this expression's purpose
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u206f\ufeff]/g;

/** A surrogate without its pair: not text, and encodeURIComponent throws on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes control and bidi characters (see INVISIBLE) and unpaired surrogates, for any name a
 * person chose that others are shown: file names, user, contact and customer names.
 */
export function stripControlAndBidi(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, '');
}

/**
 * Any text from a client. NUL is refused (400), not stripped: PostgreSQL cannot store it in text,
 * no legitimate client sends it, and a silently altered login email, widget key or search would
 * answer for something other than what was asked.
 */
export const Text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain a NUL character');

/**
 * A name shown to others (user, contact, customer, group, queue, widget): whitespace runs (newlines
 * included) folded to one space, then control characters and bidi overrides removed, before the
 * length check so an all-control name counts as empty.
 */
export const NameText = (max: number, min = 1) =>
  Text()
    .overwrite((s) => stripControlAndBidi(s.replace(/\s+/g, ' ')).trim())
    .min(min)
    .max(max);
