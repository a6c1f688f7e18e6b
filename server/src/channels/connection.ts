import type { ConnectionCheck } from './adapter.js';
import type { GraphClient } from './whatsapp/graph-client.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * `GET /{version}/{id}?fields=…` on Graph with the account's token, for "Test connection": what Meta
 * calls the object (`nameField`) and where (`addressField`, or the id itself), or Meta's refusal.
 */
export async function checkGraphObject(graph: () => GraphClient, id: string, nameField: string, addressField: string | null): Promise<ConnectionCheck> {
  let result: Awaited<ReturnType<GraphClient['get']>>;
  try {
    const fields = ['id', nameField, ...(addressField ? [addressField] : [])].join(',');
    result = await graph().get([id], { fields });
  } catch (error) {
    // The saved settings cannot make a Graph URL (a version or id Graph would not take).
    return { ok: false, code: 'BAD_SETTINGS', message: (error as Error).message };
  }
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  const data = (result.data ?? {}) as Record<string, unknown>;
  return { ok: true, name: text(data[nameField]), address: addressField ? text(data[addressField]) : text(data.id) || id };
}
