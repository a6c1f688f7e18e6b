import { describe, expect, it } from 'vitest';
import { stripControlAndBidi } from './text.js';

describe('stripControlAndBidi', () => {
  it('removes what reorders or hides text and keeps what writing needs', () => {
    expect(stripControlAndBidi('invoice\u202efdp.bat')).toBe('invoicefdp.bat');
    expect(stripControlAndBidi('a\u0000b\u001fc\u007fd\u0085e\u009ff')).toBe('abcdef');
    expect(stripControlAndBidi('\u200eL\u200fR\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069h\u061ci')).toBe('LRabcdefghi');
    expect(stripControlAndBidi('line\u2028break\ttab\r\nnew')).toBe('linebreaktabnew');
    expect(stripControlAndBidi('ad\u200bmin\ufeff')).toBe('admin');
    expect(stripControlAndBidi('\ud800lone')).toBe('\ufffdlone');
    for (const kept of ['Jürgen Müller', 'محمد', 'میخواهم', '👨\u200d👩\u200d👧', 'Zoë 李']) expect(stripControlAndBidi(kept)).toBe(kept);
  });
});
