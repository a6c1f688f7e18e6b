import type { Readable } from 'node:stream';
import { z } from 'zod';
import { GraphError, type GraphClient } from './graph-client.js';

/** `GET /{version}/{media-id}`: where the bytes are (a URL that needs the token and expires in minutes). */
const MediaInfo = z.looseObject({ url: z.url({ protocol: /^https?$/ }), mime_type: z.string().optional(), file_size: z.number().int().min(0).optional() });

/**
 * Opens an inbound media file: asks Graph where it is, refuses it when Graph says it is larger than
 * `maxBytes` (before downloading anything), then streams it with the same bound enforced on the bytes.
 * Called by intake at once, since media ids expire.
 */
export async function openMedia(client: GraphClient, mediaId: string, maxBytes: number, timeoutMs: number): Promise<Readable> {
  const result = await client.get([mediaId]);
  if (!result.ok) throw new GraphError(result);
  const info = MediaInfo.safeParse(result.data);
  if (!info.success) throw new GraphError({ ok: false, retry: false, code: 'BAD_RESPONSE', message: `Unreadable media information for ${mediaId}` });
  if ((info.data.file_size ?? 0) > maxBytes) {
    throw new GraphError({ ok: false, retry: false, code: 'MEDIA_TOO_LARGE', message: `The file is larger than ${maxBytes} bytes` });
  }
  return client.download(info.data.url, maxBytes, timeoutMs);
}
