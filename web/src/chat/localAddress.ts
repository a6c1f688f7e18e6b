/**
 * Whether an IP belongs to this computer or a private network: on a local trial, or behind a proxy
 * that does not pass the visitor's address on, every visitor shares it.
 */
export function isLocalAddress(ip: string): boolean {
  const v4 = ip.toLowerCase().replace(/^::ffff:/, '');
  if (v4 === '::1' || v4 === 'localhost') return true;
  const octets = v4.split('.').map(Number);
  if (octets.length === 4 && octets.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) {
    const [a, b] = octets as [number, number, number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return /^f[cd][0-9a-f]{2}:/.test(v4) || /^fe[89ab][0-9a-f]:/.test(v4);
}
