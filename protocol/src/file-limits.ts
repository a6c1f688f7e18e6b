import type { ChannelFileLimits } from './channel-core.js';

/** Why a channel cannot carry a file: its type, or its size over `maxBytes` (the most it could be). */
export type FileRefusal = { reason: 'type' } | { reason: 'size'; maxBytes: number };

const matches = (pattern: string, mime: string) => pattern === '*/*' || pattern === mime || (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1)));

/**
 * Whether one file can go in a message of a channel with these limits (null: it can). A file matching
 * several kinds may be as large as the most generous of them; the per-message total bounds it too.
 */
export function fileRefusal(file: { type: string; size: number }, limits: ChannelFileLimits | null): FileRefusal | null {
  if (!limits) return null;
  const mime = file.type.toLowerCase() || 'application/octet-stream';
  let maxBytes = limits.maxTotalBytes ?? Number.POSITIVE_INFINITY;
  if (limits.types) {
    const kinds = limits.types.filter((kind) => kind.mimes.some((pattern) => matches(pattern, mime)));
    if (kinds.length === 0) return { reason: 'type' };
    maxBytes = Math.min(maxBytes, Math.max(...kinds.map((kind) => kind.maxBytes)));
  }
  return file.size > maxBytes ? { reason: 'size', maxBytes } : null;
}
