import type { Readable } from 'node:stream';
import type { OutboundFile, OutboundMessage, SendResult } from '../adapter.js';
import type { GraphClient, GraphFailure, GraphResult } from './graph-client.js';

/** WhatsApp's limits: a text body holds 4096 characters, a media caption 1024. */
export const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;
/**
 * The files WhatsApp documents as sendable (Cloud API "Supported media types"): JPEG and PNG images up to
 * 5 MB; text, PDF and Office documents up to 100 MB. Anything else is refused by the upload, so we say so
 * before sending any part of the message.
 */
export const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES = new Set([
  'text/plain',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);
export const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;

type Recipient = { to: string } | { recipient: string };
type Body = Record<string, unknown>;

/**
 * Who a reply goes to. "wa:<wa_id>" is a phone number (`to`); "bsuid:<id>" is a business-scoped user id,
 * which Meta's Messages API takes in `recipient` (since 2026; `to` would win if both were given).
 */
export function recipientOf(externalId: string): Recipient | GraphFailure {
  const wa = /^wa:([0-9]{4,20})$/.exec(externalId);
  if (wa?.[1]) return { to: wa[1] };
  const bsuid = /^bsuid:([A-Za-z0-9._-]{1,128})$/.exec(externalId);
  if (bsuid?.[1]) return { recipient: bsuid[1] };
  return { ok: false, retry: false, code: 'INVALID_RECIPIENT', message: `Not a WhatsApp customer id: ${externalId}` };
}

/**
 * Sends one outbox message: a template alone, or the agent's text and files. Files are uploaded first
 * (an upload is invisible to the customer, so a failed one can be retried without duplicates), then each
 * part is sent; the text is the first file's caption when it fits, else its own message(s) before them.
 * Returns the first part's wamid. Once a part has reached the customer a later failure is not retried
 * (a retry would send the earlier parts again) but reported with how far it got.
 */
export async function sendMessage(client: GraphClient, phoneNumberId: string, message: OutboundMessage): Promise<SendResult> {
  const recipient = recipientOf(message.to);
  if ('ok' in recipient) return recipient;
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipient };

  let parts: Body[];
  if (message.template) {
    parts = [{ ...base, type: 'template', template: templateObject(message.template) }];
  } else {
    const types = message.files.map(mediaType);
    const refused = message.files.find((_, i) => types[i] === null);
    if (refused) {
      return {
        ok: false,
        retry: false,
        code: 'UNSUPPORTED_FILE',
        message: `WhatsApp does not accept ${refused.name} (${refused.mime}, ${refused.size} bytes)`,
      };
    }
    const uploaded: { type: 'image' | 'document'; id: string; file: OutboundFile }[] = [];
    for (const [i, file] of message.files.entries()) {
      const type = types[i] as 'image' | 'document';
      const result = await upload(client, phoneNumberId, file);
      if (!result.ok) return result;
      uploaded.push({ type, id: result.id, file });
    }
    const text = message.text.trim() ? message.text : '';
    const captioned = uploaded.length > 0 && text.length > 0 && [...text].length <= CAPTION_MAX;
    parts = captioned ? [] : chunks(text, TEXT_MAX).map((body) => ({ ...base, type: 'text', text: { body, preview_url: false } }));
    uploaded.forEach(({ type, id, file }, i) => {
      const media: Body = { id };
      if (captioned && i === 0) media.caption = text;
      if (type === 'document') media.filename = file.name;
      parts.push({ ...base, type, [type]: media });
    });
  }
  if (parts.length === 0) return { ok: false, retry: false, code: 'EMPTY_MESSAGE', message: 'Nothing to send' };

  let first: string | undefined;
  for (const [i, part] of parts.entries()) {
    const result = messageId(await client.postJson([phoneNumberId, 'messages'], part));
    if (!result.ok) {
      if (i === 0) return result;
      return { ok: false, retry: false, code: result.code, message: `Sent ${i} of ${parts.length} parts; then: ${result.message}` };
    }
    first ??= result.id;
  }
  return { ok: true, providerMessageId: first as string };
}

/** Tells WhatsApp the customer's message (and those before it) were read: the customer sees blue ticks. */
export async function markRead(client: GraphClient, phoneNumberId: string, providerMessageId: string): Promise<GraphResult> {
  return client.postJson([phoneNumberId, 'messages'], { messaging_product: 'whatsapp', status: 'read', message_id: providerMessageId });
}

function templateObject(template: NonNullable<OutboundMessage['template']>): Body {
  const object: Body = { name: template.name, language: { code: template.language } };
  // Meta refuses an empty components list for a template without placeholders: leave it out.
  if (template.parameters.length > 0) {
    object.components = [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }];
  }
  return object;
}

/** How WhatsApp takes this file: as an image (shown inline), a document, or not at all. */
function mediaType(file: OutboundFile): 'image' | 'document' | null {
  if (file.kind === 'image' && IMAGE_TYPES.has(file.mime) && file.size <= IMAGE_MAX_BYTES) return 'image';
  if (DOCUMENT_TYPES.has(file.mime) && file.size <= DOCUMENT_MAX_BYTES) return 'document';
  return null;
}

/** `POST /{phone-number-id}/media` (multipart: file, type, messaging_product) → the media id to send by. */
async function upload(client: GraphClient, phoneNumberId: string, file: OutboundFile): Promise<{ ok: true; id: string } | GraphFailure> {
  const bytes = await readAll(await file.open(), file.size);
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', file.mime);
  form.set('file', new Blob([bytes], { type: file.mime }), file.name);
  const result = await client.postForm([phoneNumberId, 'media'], form);
  if (!result.ok) return result;
  const id = (result.data as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !id) return { ok: false, retry: false, code: 'BAD_RESPONSE', message: 'The media upload answered without an id' };
  return { ok: true, id };
}

function messageId(result: GraphResult): { ok: true; id: string } | GraphFailure {
  if (!result.ok) return result;
  const id = (result.data as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
  if (typeof id !== 'string' || !id) return { ok: false, retry: false, code: 'BAD_RESPONSE', message: 'The send answered without a message id' };
  return { ok: true, id };
}

/** The stored file's bytes (FormData needs them whole); a file that grew past its recorded size is refused. */
export async function readAll(stream: Readable, size: number): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > size) {
      stream.destroy();
      throw new Error(`The stored file is larger than its recorded ${size} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Splits text into pieces of at most `max` characters (code points, so no emoji is cut in half). */
export function chunks(text: string, max: number): string[] {
  const points = [...text];
  const out: string[] = [];
  for (let i = 0; i < points.length; i += max) out.push(points.slice(i, i + max).join(''));
  return out;
}
