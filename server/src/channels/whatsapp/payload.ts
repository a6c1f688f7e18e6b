import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonBody } from '../json-body.js';

/**
 * The WhatsApp Cloud API webhook body (`object: "whatsapp_business_account"`), as Meta documents it.
 * Objects are loose (Meta adds fields often; unknown ones are ignored) but what we read is typed, and
 * every list and string is bounded so a hostile body cannot make us do unbounded work. Meta sends one
 * message per webhook in practice; the bounds leave ample room for batching.
 */
export const LIMITS = { entries: 50, changes: 50, contacts: 100, messages: 100, statuses: 500, events: 1000 } as const;

const str = (max = 1024) => z.string().max(max);
/** Ids we may put into a Graph URL path: Meta's are digits; refuse anything that could change the path. */
const PathId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const UnixSeconds = z.string().regex(/^[0-9]{1,12}$/);

const Media = z.looseObject({ id: PathId, mime_type: str(255).optional(), sha256: str(128).optional(), caption: str(4096).optional() });
const Document = Media.extend({ filename: str(1024).optional() });

const ContactCard = z.looseObject({
  name: z.looseObject({ formatted_name: str().optional(), first_name: str().optional(), last_name: str().optional() }).optional(),
  phones: z
    .array(z.looseObject({ phone: str(64).optional(), wa_id: str(64).optional(), type: str(64).optional() }))
    .max(20)
    .optional(),
  emails: z
    .array(z.looseObject({ email: str(320).optional(), type: str(64).optional() }))
    .max(20)
    .optional(),
  org: z.looseObject({ company: str().optional() }).optional(),
});

const ErrorItem = z.looseObject({
  code: z.number().int(),
  title: str().optional(),
  message: str().optional(),
  error_data: z.looseObject({ details: str(2048).optional() }).optional(),
});

export const Message = z
  .looseObject({
    /** The customer's phone number (wa_id); since 2026 absent for some users with a username. */
    from: str(64).optional(),
    /** The business-scoped user id (BSUID), since 2026. */
    from_user_id: str(128).optional(),
    id: str(512).min(1),
    timestamp: UnixSeconds,
    type: str(64),
    text: z.looseObject({ body: str(65536) }).optional(),
    image: Media.optional(),
    audio: Media.optional(),
    video: Media.optional(),
    sticker: Media.optional(),
    document: Document.optional(),
    location: z
      .looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: str().optional(), address: str().optional() })
      .optional(),
    contacts: z.array(ContactCard).max(20).optional(),
    button: z.looseObject({ text: str(4096).optional(), payload: str(4096).optional() }).optional(),
    interactive: z
      .looseObject({
        type: str(64),
        button_reply: z.looseObject({ id: str(512).optional(), title: str(1024) }).optional(),
        list_reply: z.looseObject({ id: str(512).optional(), title: str(1024), description: str(1024).optional() }).optional(),
        nfm_reply: z.looseObject({ name: str(256).optional(), body: str(4096).optional(), response_json: str(16384).optional() }).optional(),
      })
      .optional(),
    reaction: z.looseObject({ message_id: str(512).min(1), emoji: str(64).optional() }).optional(),
    system: z.looseObject({ body: str(4096).optional() }).optional(),
    unsupported: z.looseObject({ type: str(64).optional() }).optional(),
    errors: z.array(ErrorItem).max(20).optional(),
  })
  // A message nobody can be named for cannot be answered or even shown in a chat: refuse the body.
  .refine((m) => m.from || m.from_user_id, 'a message needs `from` or `from_user_id`');
export type Message = z.infer<typeof Message>;

export const Status = z.looseObject({
  id: str(512).min(1),
  /** sent, delivered, read, failed; Meta has others (deleted, played…) which we ignore. */
  status: str(64),
  timestamp: UnixSeconds,
  recipient_id: str(128).optional(),
  errors: z.array(ErrorItem).max(20).optional(),
});
export type Status = z.infer<typeof Status>;

export const Contact = z.looseObject({
  profile: z.looseObject({ name: str(1024).optional() }).optional(),
  wa_id: str(64).optional(),
  user_id: str(128).optional(),
});
export type Contact = z.infer<typeof Contact>;

const Value = z.looseObject({
  // Absent from other fields' changes (template status updates, account updates…), which carry no messages.
  metadata: z.looseObject({ phone_number_id: str(64), display_phone_number: str(64).optional() }).optional(),
  contacts: z.array(Contact).max(LIMITS.contacts).optional(),
  messages: z.array(Message).max(LIMITS.messages).optional(),
  statuses: z.array(Status).max(LIMITS.statuses).optional(),
});
export type Value = z.infer<typeof Value>;

export const WebhookBody = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(z.looseObject({ id: str(64).optional(), changes: z.array(z.looseObject({ field: str(128).optional(), value: Value })).max(LIMITS.changes) }))
    .max(LIMITS.entries),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

/** Reads a webhook body; throws a readable error on anything that is not one (stored as failed). */
export function parseBody(body: string): WebhookBody {
  const data = parseJsonBody(WebhookBody, body, 'WhatsApp webhook');
  const values = data.entry.flatMap((e) => e.changes.map((c) => c.value));
  const events = values.reduce((n, v) => n + (v.messages?.length ?? 0) + (v.statuses?.length ?? 0), 0);
  if (events > LIMITS.events) throw new Error(`WhatsApp webhook: more than ${LIMITS.events} messages and statuses`);
  return data;
}

/** Every change's value, in order. */
export function values(body: WebhookBody): Value[] {
  return body.entry.flatMap((e) => e.changes.map((c) => c.value));
}

/**
 * The webhook inbox's key for "this delivery again": Meta retries a webhook it got no quick 200 for, with the
 * same message ids. The key covers the set of message ids and status (id, state) pairs, sorted so order does
 * not matter, hashed to a fixed length. A status is keyed with its state because `delivered` and `read` for
 * one message are different news. Null when the body holds neither (e.g. a template status update) or
 * cannot be read (the inbox keeps it and processing reports why).
 */
export function dedupeKey(rawBody: string): string | null {
  const ids = eventIds(rawBody);
  if (!ids || ids.size === 0) return null;
  const digest = createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');
  return `whatsapp:${digest}`;
}

/**
 * The message ids and status (id, state) pairs of a body, or null when it is not a webhook body within
 * the limits. Read by hand, not with the schema: this runs before every 200, where the schema cost more
 * than the rest of the answer together; processing reads the body with the whole schema later.
 */
function eventIds(rawBody: string): Set<string> | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return null;
  }
  const entries = listOf(field(body, 'entry'), LIMITS.entries);
  if (!entries) return null;
  const ids = new Set<string>();
  for (const entry of entries) {
    for (const change of listOf(field(entry, 'changes'), LIMITS.changes) ?? []) {
      const value = field(change, 'value');
      for (const m of listOf(field(value, 'messages'), LIMITS.messages) ?? []) {
        const id = field(m, 'id');
        if (typeof id === 'string') ids.add(`m:${id}`);
      }
      for (const st of listOf(field(value, 'statuses'), LIMITS.statuses) ?? []) {
        const id = field(st, 'id');
        const status = field(st, 'status');
        if (typeof id === 'string' && typeof status === 'string') ids.add(`s:${id}:${status}`);
      }
    }
  }
  return ids;
}

const field = (value: unknown, name: string): unknown => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined);
const listOf = (value: unknown, max: number): unknown[] | null => (Array.isArray(value) && value.length <= max ? value : null);
