import { describe, expect, it } from 'vitest';
import { clickToCallUrl } from './settings.js';

describe('click-to-call links', () => {
  it('puts the E.164 number in URL-encoded, or makes a tel: link without a template', () => {
    expect(clickToCallUrl('', '+49301234567')).toBe('tel:+49301234567');
    expect(clickToCallUrl('sip:{number}@pbx.example.com', '+49301234567')).toBe('sip:%2B49301234567@pbx.example.com');
    expect(clickToCallUrl('https://pbx.example.com/dial?n={number}&again={number}', '+14155550100')).toBe(
      'https://pbx.example.com/dial?n=%2B14155550100&again=%2B14155550100',
    );
  });
});
