import type { OutboundFile, OutboundMessage, SendResult } from '../adapter.js';
import { HUMAN_AGENT_WINDOW_MS, MESSENGER_FILE_MAX_BYTES as FILE_MAX_BYTES } from '../capabilities.js';
import type { GraphClient, GraphFailure, GraphResult } from '../whatsapp/graph-client.js';
import { chunks, readAll } from '../whatsapp/send.js';

/** Messenger's limits: a text message holds 2000 characters; attachments up to 25 MB. */
export const TEXT_MAX = 2000;
/** A plain response is allowed this long after the customer's last message (the standard messaging window). */
export const RESPONSE_WINDOW_MS = 24 * 60 * 60 * 1000;

type AttachmentType = 'image' | 'video' | 'audio' | 'file';
type MessagingType = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };
type Body = Record<string, unknown>;

/**
 * How a reply may go, by the time since the customer last wrote: within 24 hours as a RESPONSE; up to
 * 7 days tagged HUMAN_AGENT when the account has that permission (Meta refuses the tag to apps without it);
 * otherwise not at all. Checked at send time: a reply that waited in the outbox may have crossed a line.
 */
export function messagingType(lastInboundAt: number | null | undefined, now: number, humanAgentTag: boolean): MessagingType | GraphFailure {
  const since = lastInboundAt === null || lastInboundAt === undefined ? Number.POSITIVE_INFINITY : now - lastInboundAt;
  if (since <= RESPONSE_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (humanAgentTag && since <= HUMAN_AGENT_WINDOW_MS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  const window = humanAgentTag ? '7 days' : '24 hours';
  return { ok: false, retry: false, code: 'REPLY_WINDOW_CLOSED', message: `The customer last wrote more than ${window} ago; Messenger refuses replies` };
}

/** "psid:<page-scoped id>" → the id Meta takes as `recipient.id`. */
function recipientOf(externalId: string): string | GraphFailure {
  const match = /^psid:([0-9]{1,64})$/.exec(externalId);
  return match?.[1] ?? { ok: false, retry: false, code: 'INVALID_RECIPIENT', message: `Not a Messenger customer id: ${externalId}` };
}

/**
 * Sends one outbox message: files are uploaded first (`POST /{page-id}/message_attachments`, invisible to
 * the customer, so a failed upload can be retried without duplicates), then the text (in parts of 2000
 * characters: Messenger has no captions) and each attachment. Returns the first part's mid. Once a part
 * reached the customer a later failure is not retried (that would send the earlier parts again).
 */
export async function sendMessage(
  client: GraphClient,
  pageId: string,
  humanAgentTag: boolean,
  message: OutboundMessage,
  now = Date.now(),
): Promise<SendResult> {
  if (message.template) return { ok: false, retry: false, code: 'NOT_SUPPORTED', message: 'Messenger has no template messages' };
  const id = recipientOf(message.to);
  if (typeof id !== 'string') return id;
  const type = messagingType(message.lastInboundAt, now, humanAgentTag);
  if ('ok' in type) return type;
  const tooLarge = message.files.find((f) => f.size > FILE_MAX_BYTES);
  if (tooLarge) return { ok: false, retry: false, code: 'UNSUPPORTED_FILE', message: `Messenger takes files up to 25 MB; ${tooLarge.name} is larger` };

  const base = { recipient: { id }, ...type };
  const parts: Body[] = chunks(message.text.trim() ? message.text : '', TEXT_MAX).map((text) => ({ ...base, message: { text } }));
  for (const file of message.files) {
    const kind = attachmentType(file);
    const uploaded = await upload(client, pageId, kind, file);
    if (!uploaded.ok) return uploaded;
    parts.push({ ...base, message: { attachment: { type: kind, payload: { attachment_id: uploaded.id } } } });
  }
  if (parts.length === 0) return { ok: false, retry: false, code: 'EMPTY_MESSAGE', message: 'Nothing to send' };

  let first: string | undefined;
  for (const [i, part] of parts.entries()) {
    const result = messageId(await client.postJson([pageId, 'messages'], part));
    if (!result.ok) {
      if (i === 0) return result;
      return { ok: false, retry: false, code: result.code, message: `Sent ${i} of ${parts.length} parts; then: ${result.message}` };
    }
    first ??= result.id;
  }
  return { ok: true, providerMessageId: first as string };
}

/** Images, video and audio show as such; anything else is a file to download. */
function attachmentType(file: OutboundFile): AttachmentType {
  if (file.kind === 'image' && file.mime.startsWith('image/')) return 'image';
  if (file.mime.startsWith('video/')) return 'video';
  if (file.mime.startsWith('audio/')) return 'audio';
  return 'file';
}

/** The Attachment Upload API from the file system: multipart `message` (JSON) and `filedata` → attachment_id. */
async function upload(client: GraphClient, pageId: string, type: AttachmentType, file: OutboundFile): Promise<{ ok: true; id: string } | GraphFailure> {
  const bytes = await readAll(await file.open(), file.size);
  const form = new FormData();
  form.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: true } } }));
  form.set('filedata', new Blob([bytes], { type: file.mime }), file.name);
  const result = await client.postForm([pageId, 'message_attachments'], form);
  if (!result.ok) return result;
  const id = (result.data as { attachment_id?: unknown } | null)?.attachment_id;
  if (typeof id !== 'string' || !id) return { ok: false, retry: false, code: 'BAD_RESPONSE', message: 'The attachment upload answered without an id' };
  return { ok: true, id };
}

/** The Send API answers `{recipient_id, message_id}`. */
function messageId(result: GraphResult): { ok: true; id: string } | GraphFailure {
  if (!result.ok) return result;
  const id = (result.data as { message_id?: unknown } | null)?.message_id;
  if (typeof id !== 'string' || !id) return { ok: false, retry: false, code: 'BAD_RESPONSE', message: 'The send answered without a message id' };
  return { ok: true, id };
}
