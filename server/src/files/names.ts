import { ACCEPTED_FILE_TYPES, stripControlAndBidi } from '@switchboard/protocol';

const MAX_NAME = 200;

/** A name fit for a download: no folders, no control or bidi characters, no quotes, at most 200 characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = stripControlAndBidi(base).replace(/"/g, '').trim().slice(-MAX_NAME);
  return clean || 'file';
}

const extensionOf = (name: string) => /\.([^.]*)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * The name a file is stored and served under: cleaned, and ending in an extension of the type its
 * bytes were detected as. A name that says otherwise keeps what it said and gets the right one
 * appended ("statement.js" typed as text becomes "statement.js.txt"): the recipient still sees what
 * the sender called it, but the system opens it as what it is (a text editor, not a script host).
 */
export function nameForType(name: string, mime: string): string {
  const clean = cleanName(name);
  const extensions: readonly string[] = ACCEPTED_FILE_TYPES[mime as keyof typeof ACCEPTED_FILE_TYPES] ?? [];
  if (extensions.length === 0 || extensions.includes(extensionOf(clean))) return clean;
  const suffix = `.${extensions[0]}`;
  return `${clean.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}
