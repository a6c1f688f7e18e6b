import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonBody } from '../json-body.js';

/**
 * The Messenger Platform webhook body (`object: "page"`), as Meta documents it: `entry[].messaging[]`, one
 * event each (a message, an echo of the Page's own message, a postback, a reaction, a delivery or read
 * watermark). Objects are loose (Meta adds fields; unknown ones are ignored), what we read is typed, and
 * every list and string is bounded so a hostile body cannot make us do unbounded work.
 */
export const LIMITS = { entries: 50, events: 1000, attachments: 20, mids: 500 } as const;

const str = (max = 1024) => z.string().max(max);
/** Page-scoped and page ids are digits; they go into Graph paths, so nothing else is taken. */
export const PsId = z.string().regex(/^[0-9]{1,64}$/);
/** Messenger timestamps are milliseconds since the epoch. */
const Millis = z.number().int().min(0).max(1e14);

const Attachment = z.looseObject({
  /** image, video, audio, file, fallback, template, location, sticker… */
  type: str(64),
  payload: z
    .looseObject({
      url: z
        .url({ protocol: /^https?$/ })
        .max(4096)
        .optional(),
      title: str().optional(),
      sticker_id: z.number().optional(),
      template_type: str(64).optional(),
      elements: z
        .array(z.looseObject({ title: str().optional(), subtitle: str().optional() }))
        .max(20)
        .optional(),
      text: str(2048).optional(),
    })
    .nullable()
    .optional(),
  title: str().optional(),
});
export type Attachment = z.infer<typeof Attachment>;

const MessageObject = z.looseObject({
  mid: str(512).min(1),
  text: str(8192).optional(),
  attachments: z.array(Attachment).max(LIMITS.attachments).optional(),
  quick_reply: z.looseObject({ payload: str(2048).optional() }).optional(),
  is_echo: z.boolean().optional(),
  app_id: z.union([z.number(), z.string().max(64)]).optional(),
});

export const MessagingEvent = z.looseObject({
  sender: z.looseObject({ id: PsId }),
  recipient: z.looseObject({ id: PsId }),
  timestamp: Millis.optional(),
  message: MessageObject.optional(),
  postback: z.looseObject({ title: str().optional(), payload: str(2048).optional(), mid: str(512).optional() }).optional(),
  reaction: z.looseObject({ reaction: str(64).optional(), emoji: str(64).optional(), action: z.enum(['react', 'unreact']), mid: str(512).min(1) }).optional(),
  delivery: z.looseObject({ mids: z.array(str(512)).max(LIMITS.mids).optional(), watermark: Millis }).optional(),
  read: z.looseObject({ watermark: Millis }).optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEvent>;

export const WebhookBody = z.looseObject({
  object: z.literal('page'),
  entry: z.array(z.looseObject({ id: str(64), time: Millis.optional(), messaging: z.array(MessagingEvent).max(LIMITS.events).optional() })).max(LIMITS.entries),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

/** Reads a webhook body; throws a readable error on anything that is not one (stored as failed). */
export function parseBody(body: string): WebhookBody {
  const data = parseJsonBody(WebhookBody, body, 'Messenger webhook');
  const events = data.entry.reduce((n, e) => n + (e.messaging?.length ?? 0), 0);
  if (events > LIMITS.events) throw new Error(`Messenger webhook: more than ${LIMITS.events} events`);
  return data;
}

/** What makes one event "the same news again": its mid, or for watermarks who and up to when. */
function eventKey(event: MessagingEvent): string | null {
  if (event.message) return `m:${event.message.mid}`;
  if (event.postback) return `p:${event.postback.mid ?? `${event.sender.id}:${event.timestamp ?? ''}`}`;
  if (event.reaction) return `r:${event.reaction.mid}:${event.sender.id}:${event.reaction.action}:${event.reaction.emoji ?? ''}:${event.timestamp ?? ''}`;
  if (event.delivery) return `d:${event.sender.id}:${event.delivery.watermark}:${(event.delivery.mids ?? []).join(',')}`;
  if (event.read) return `rd:${event.sender.id}:${event.read.watermark}`;
  return null;
}

/**
 * The webhook inbox's key for "this delivery again": Meta retries a webhook it got no quick 200 for with
 * the same events. The sorted event keys, hashed to a fixed length; null when the body holds none we know
 * or cannot be read (the inbox keeps it and processing reports why).
 */
export function dedupeKey(rawBody: string): string | null {
  let body: WebhookBody;
  try {
    body = parseBody(rawBody);
  } catch {
    return null;
  }
  const keys = new Set(body.entry.flatMap((e) => (e.messaging ?? []).map(eventKey)).filter((k): k is string => k !== null));
  if (keys.size === 0) return null;
  return `messenger:${createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('hex')}`;
}
