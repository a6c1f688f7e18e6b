import { describe, expect, it } from 'vitest';
import { hashPassword, lowerHashCostForTests, verifyPassword } from './passwords.js';

describe('password hashes', () => {
  it('are scrypt at the production work factor unless a test lowers it, and verify either way', async () => {
    const strong = await hashPassword('correct-horse-battery');
    expect(strong.split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    lowerHashCostForTests(1024);
    const light = await hashPassword('correct-horse-battery');
    expect(light.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
    for (const stored of [strong, light]) {
      expect(await verifyPassword('correct-horse-battery', stored)).toBe(true);
      expect(await verifyPassword('correct-horse-batterY', stored)).toBe(false);
    }
  });
});
