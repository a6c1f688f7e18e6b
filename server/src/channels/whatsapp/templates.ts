import { WhatsAppTemplate } from '@switchboard/protocol';
import { z } from 'zod';
import { GraphError, type GraphClient } from './graph-client.js';

/** One page of `GET /{waba-id}/message_templates`; templates we cannot read are skipped, not fatal. */
const Page = z.looseObject({
  data: z.array(z.unknown()),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().max(1024).optional() }).optional(), next: z.string().optional() }).optional(),
});
const Listed = z.looseObject({
  name: z.string(),
  language: z.string(),
  status: z.string(),
  components: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).default([]),
});

export const PAGE_SIZE = 100;

/**
 * The business account's APPROVED templates (others cannot be sent), following the paging cursor up to
 * `maxPages`. The next page is asked for by its `after` cursor on our own URL, never by following the
 * `paging.next` link: that link would carry our token to whatever host the answer names.
 */
export async function listTemplates(client: GraphClient, businessAccountId: string, maxPages: number): Promise<WhatsAppTemplate[]> {
  const templates: WhatsAppTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query: Record<string, string> = { fields: 'name,language,status,components', limit: String(PAGE_SIZE) };
    if (after) query.after = after;
    const result = await client.get([businessAccountId, 'message_templates'], query);
    if (!result.ok) throw new GraphError(result);
    const parsed = Page.safeParse(result.data);
    if (!parsed.success) throw new GraphError({ ok: false, retry: false, code: 'BAD_RESPONSE', message: 'Unreadable template list' });
    for (const item of parsed.data.data) {
      const template = toTemplate(item);
      if (template) templates.push(template);
    }
    after = parsed.data.paging?.cursors?.after;
    // Graph gives `next` only when there is a further page; the cursor alone is there on the last page too.
    if (!parsed.data.paging?.next || !after) break;
  }
  return templates;
}

function toTemplate(item: unknown): WhatsAppTemplate | null {
  const listed = Listed.safeParse(item);
  if (!listed.success || listed.data.status !== 'APPROVED') return null;
  const body = listed.data.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
  // Templates with named placeholders ({{first_name}}) need `parameter_name` in every send, which our
  // positional parameters cannot say: leave them out rather than offer a template that always fails.
  if (/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/.test(body)) return null;
  const numbers = [...body.matchAll(/\{\{\s*([0-9]{1,2})\s*\}\}/g)].map((m) => Number(m[1]));
  // Our shape's limits (name format, 1024-character body, 20 parameters) decide: a template outside them
  // could not be sent through our API anyway.
  const template = WhatsAppTemplate.safeParse({ name: listed.data.name, language: listed.data.language, body, parameterCount: Math.max(0, ...numbers) });
  return template.success ? template.data : null;
}
