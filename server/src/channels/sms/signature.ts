import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's X-Twilio-Signature, computed as Twilio does: the full URL it called (scheme, host, port,
 * path, query) followed by every POST parameter's name and value, sorted by name (values of a repeated
 * name sorted too), HMAC-SHA1 with the account's auth token, base64. `url` must be the public URL (behind
 * a proxy Twilio called PUBLIC_URL, not the address we listen on).
 */
export function expectedSignature(authToken: string, url: string, params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) byName.set(name, [...(byName.get(name) ?? []), value]);
  // Plain code-unit order, as the reference implementation's Array.prototype.sort.
  let data = url;
  for (const name of [...byName.keys()].sort()) for (const value of byName.get(name)!.sort()) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Constant-time check of the header; a missing header or an empty token verifies nothing. */
export function verifySignature(authToken: string, url: string, params: URLSearchParams, header: string | undefined): boolean {
  if (!authToken || !header) return false;
  const given = Buffer.from(header.trim(), 'utf8');
  const expected = Buffer.from(expectedSignature(authToken, url, params), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
