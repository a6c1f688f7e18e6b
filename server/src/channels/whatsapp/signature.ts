import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerdict } from '../adapter.js';

/** Compares two secrets in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a guess is no secret worth hiding.
  return left.length === right.length && timingSafeEqual(left, right);
}

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Meta signs every webhook POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` with the
 * app secret. The HMAC is over the exact bytes received: JSON parsed and serialised again would differ in
 * whitespace or escapes and no longer match, so the raw body must be passed here. A missing or malformed
 * header is simply a wrong signature; an empty app secret verifies nothing (anyone could sign with it).
 */
export function verifySignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!appSecret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The subscription handshake Meta makes when the webhook URL is saved:
 * `GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C` is answered `C` as plain text only when T is
 * this account's verify token; anything else gets 403, so nobody can subscribe our URL to their own app.
 */
export function handshake(query: Record<string, string>, verifyToken: string): WebhookVerdict {
  const challenge = query['hub.challenge'] ?? '';
  const token = query['hub.verify_token'] ?? '';
  const ok = query['hub.mode'] === 'subscribe' && verifyToken !== '' && safeEqual(token, verifyToken) && /^[A-Za-z0-9_.-]{1,256}$/.test(challenge);
  if (!ok) return { kind: 'reply', status: 403, contentType: 'text/plain; charset=utf-8', body: 'Forbidden' };
  // The challenge is echoed as text/plain (never HTML) and only when it is a plain token: Meta sends a number.
  return { kind: 'reply', status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
}
