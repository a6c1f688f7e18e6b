import { describe, expect, it } from 'vitest';
import { splitPhoneNumbers } from './detect';

const numbers = (text: string, country: string) =>
  splitPhoneNumbers(text, country).flatMap((s) => (s.kind === 'phone' ? [{ text: s.text, e164: s.e164 }] : []));

describe('phone numbers in messages', () => {
  it.each([
    ['030 1234567', 'DE', '+49301234567'],
    ['+49 30 1234567', 'DE', '+49301234567'],
    ['0171 2345678', 'DE', '+491712345678'],
    ['0049 30 1234567', 'DE', '+49301234567'],
    ['030/1234567', 'DE', '+49301234567'],
    ['+1 415 555 0100', 'DE', '+14155550100'],
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415-555-0100', 'US', '+14155550100'],
    ['+44 20 7946 0958', 'DE', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+33 1 42 68 53 00', 'DE', '+33142685300'],
    ['+43 1 5321234', 'US', '+4315321234'],
  ])('recognises %s with default country %s', (written, country, e164) => {
    expect(numbers(`Call me on ${written}, thanks`, country)).toEqual([{ text: written, e164 }]);
  });

  it('keeps the text around a number and several numbers apart', () => {
    expect(splitPhoneNumbers('Office 030 1234567 or mobile +49 171 2345678.', 'DE')).toEqual([
      { kind: 'text', text: 'Office ' },
      { kind: 'phone', text: '030 1234567', e164: '+49301234567', international: '+49 30 1234567' },
      { kind: 'text', text: ' or mobile ' },
      { kind: 'phone', text: '+49 171 2345678', e164: '+491712345678', international: '+49 171 2345678' },
      { kind: 'text', text: '.' },
    ]);
  });

  it.each([
    ['the meeting is on 2026-11-25', 'DE'],
    ['the meeting is on 2026-11-25', 'US'],
    ['delivery 25.11.2026', 'DE'],
    ['delivery 11/25/2026', 'US'],
    ['order #10421 is on its way', 'DE'],
    ['order #104210831 is on its way', 'DE'],
    ['ticket 123456789', 'DE'],
    ['it costs 1.299,00 €', 'DE'],
    ['it costs € 1299,00', 'DE'],
    ['it costs $1,299.00', 'US'],
    ['total 4155550100 USD', 'US'],
    ['see you at 10:30', 'DE'],
    ['see you at 10:30 on 2026-11-25', 'GB'],
    ['IBAN DE89370400440532013000', 'DE'],
    ['version 30.1234567', 'DE'],
    ['0 30', 'DE'],
  ])('leaves "%s" (%s) as text', (text, country) => {
    expect(splitPhoneNumbers(text, country)).toEqual([{ kind: 'text', text }]);
  });

  it('reads national numbers in the default country only', () => {
    expect(numbers('(415) 555-0100', 'DE')).toEqual([]);
  });

  it('returns nothing for an empty message and survives an unknown country', () => {
    expect(splitPhoneNumbers('', 'DE')).toEqual([]);
    expect(numbers('+49 30 1234567', 'XX')).toEqual([{ text: '+49 30 1234567', e164: '+49301234567' }]);
  });
});
