import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived public links to stored files, for providers that fetch what we send (Twilio's MediaUrl).
 * A token is `<file id>.<expiry in seconds>.<HMAC>`; the HMAC key is derived from the secret key that
 * seals channel secrets, which every node shares (SECRET_KEY), so any node serves a link another made.
 */
export class MediaLinks {
  private readonly key: Buffer;

  constructor(
    secretKey: Buffer,
    /** Read at each call: PUBLIC_URL is known only once the server listens in some setups (tests). */
    private readonly publicUrl: () => string,
    private readonly now: () => number = Date.now,
    /** Long enough for a queued message (Twilio fetches when it sends), short enough not to be a share link. */
    private readonly ttlMs = 30 * 60_000,
  ) {
    // Its own key: a token never doubles as anything sealed with the secret key itself.
    this.key = createHmac('sha256', secretKey).update('switchboard media links v1').digest();
  }

  url(fileId: number): string {
    const expires = Math.floor((this.now() + this.ttlMs) / 1000);
    return `${this.publicUrl().replace(/\/+$/, '')}/media/${fileId}.${expires}.${this.mac(fileId, expires)}`;
  }

  /** The file id a token names, or undefined when it is forged, malformed or expired. */
  verify(token: string): number | undefined {
    const match = /^([0-9]{1,15})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const [, id, expires, mac] = match as unknown as [string, string, string, string];
    const given = Buffer.from(mac, 'utf8');
    const expected = Buffer.from(this.mac(Number(id), Number(expires)), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Number(expires) * 1000 > this.now() ? Number(id) : undefined;
  }

  private mac(fileId: number, expires: number): string {
    return createHmac('sha256', this.key).update(`${fileId}.${expires}`).digest('base64url');
  }
}
