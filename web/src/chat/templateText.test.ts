import { describe, expect, it } from 'vitest';
import { fillParameters } from './templateText';

describe('a template preview', () => {
  it('fills {{1}}, {{2}}… from the parameters as they are typed, leaving blank ones visible', () => {
    const body = 'Hello {{1}}, your order {{2}} has shipped. {{1}}, thank you!';
    expect(fillParameters(body, ['Jane', 'A-17'])).toBe('Hello Jane, your order A-17 has shipped. Jane, thank you!');
    expect(fillParameters(body, ['Jane', '  '])).toBe('Hello Jane, your order {{2}} has shipped. Jane, thank you!');
    expect(fillParameters(body, [])).toBe(body);
  });
});
