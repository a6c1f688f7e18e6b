import { describe, expect, it } from 'vitest';
import { CoercedId, Id, MAX_ID } from './common.js';
import { NameText, stripControlAndBidi, Text } from './text.js';

describe('stripControlAndBidi', () => {
  it('removes C0, DEL, C1 and the bidi marks and overrides', () => {
    expect(stripControlAndBidi('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg')).toBe('abcdefg');
    expect(stripControlAndBidi('\u202eevil\u202c.exe \u2066x\u2069 \u200ey\u200f')).toBe('evil.exe x y');
  });

  it('leaves ordinary text in any script alone', () => {
    expect(stripControlAndBidi('Jürgen Ñandú שלום 日本 👋')).toBe('Jürgen Ñandú שלום 日本 👋');
  });
});

describe('Text and NameText', () => {
  it('refuse NUL', () => {
    expect(Text().safeParse('a\u0000b').success).toBe(false);
    expect(NameText(120).safeParse('a\u0000b').success).toBe(false);
    expect(Text().safeParse('ab').success).toBe(true);
  });

  it('clean a name to one line, and count what is left', () => {
    expect(NameText(120).parse('  \u202eAnna\u202c \n Lee\t')).toBe('Anna Lee');
    expect(NameText(120).safeParse('\u202e\u200f ').success).toBe(false);
    expect(NameText(120, 0).parse('\u0007')).toBe('');
  });
});

describe('Id', () => {
  it('is bounded to the integer column range', () => {
    expect(Id.safeParse(MAX_ID).success).toBe(true);
    expect(Id.safeParse(MAX_ID + 1).success).toBe(false);
    expect(CoercedId.safeParse('99999999999').success).toBe(false);
    expect(CoercedId.safeParse('0').success).toBe(false);
    expect(CoercedId.safeParse('-1').success).toBe(false);
    expect(CoercedId.safeParse('12').data).toBe(12);
  });
});

describe('stripControlAndBidi on file names', () => {
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
