// No zod here: the web client imports this file alone (`@switchboard/protocol/templates-core`) to keep zod out of its bundle.

/** Languages a template can be written in (ISO 639-1); clients show their names with Intl.DisplayNames. */
export const TEMPLATE_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl'] as const;

/** The placeholders a template body may hold, filled when an agent inserts it. */
export const TEMPLATE_PLACEHOLDERS = ['{customer.name}', '{agent.name}'] as const;

export interface TemplateValues {
  customerName?: string | null;
  agentName?: string | null;
}

/**
 * Fills the placeholders of a template body. A value that is unknown (missing or blank)
 * leaves its placeholder as written, so the agent sees what still needs filling in.
 */
export function fillTemplate(body: string, values: TemplateValues): string {
  const known: Record<string, string | null | undefined> = {
    'customer.name': values.customerName,
    'agent.name': values.agentName,
  };
  return body.replace(/\{\s*(customer\.name|agent\.name)\s*\}/g, (placeholder, key: string) => {
    const value = known[key]?.trim();
    return value ? value : placeholder;
  });
}
