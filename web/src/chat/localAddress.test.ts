import { describe, expect, it } from 'vitest';
import { isLocalAddress } from './localAddress';

describe('the Block dialog warns about local addresses', () => {
  it('knows the addresses every visitor of a local trial shares', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.10', 'fd12:3456::1', 'fe80::1']) {
      expect(isLocalAddress(ip), ip).toBe(true);
    }
  });

  it('gives no warning for a visitor on the internet', () => {
    for (const ip of ['203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1', '']) {
      expect(isLocalAddress(ip), ip).toBe(false);
    }
  });
});
