import type { z } from 'zod';

/**
 * Reads a provider's JSON webhook body with its schema; throws a readable error naming the first bad
 * path on anything that is not one (the inbox keeps it as failed for an admin).
 */
export function parseJsonBody<S extends z.ZodType>(schema: S, body: string, label: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`${label}: the body is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${label}: unexpected body at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
