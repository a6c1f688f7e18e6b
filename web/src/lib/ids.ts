/** A client id matching the protocol's /^[A-Za-z0-9_-]{8,64}$/. */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
