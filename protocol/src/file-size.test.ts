import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size.js';

describe('a file size, as the agent and the visitor read it', () => {
  it('shows a small PDF in bytes, not rounded up to a kilobyte', () => {
    expect(formatFileSize(598, 'en')).toBe('598 byte');
    expect(formatFileSize(598, 'de')).toBe('598 Byte');
  });

  it('uses KB, MB and GB with one decimal in the reader’s number format', () => {
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(1536, 'de')).toBe('1,5 kB');
    expect(formatFileSize(3.4 * 1024 * 1024, 'de')).toBe('3,4 MB');
    expect(formatFileSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
  });
});
