import { describe, expect, it } from 'vitest';
import { smsSegments } from './sms-segments.js';

describe('SMS segments', () => {
  it.each([
    ['', 'GSM-7', 0, 0, 160],
    ['Hello', 'GSM-7', 5, 1, 155],
    ['a'.repeat(160), 'GSM-7', 160, 1, 0],
    ['a'.repeat(161), 'GSM-7', 161, 2, 145],
    ['a'.repeat(306), 'GSM-7', 306, 2, 0],
    ['a'.repeat(307), 'GSM-7', 307, 3, 152],
    // German umlauts and ß are GSM-7; a single ô (not in GSM-7) makes the whole text UCS-2.
    ['Grüße aus Köln', 'GSM-7', 14, 1, 146],
    ['Grüße, Côte', 'UCS-2', 11, 1, 59],
    ['Preis: 5€ {netto}', 'GSM-7', 20, 1, 140],
    ['€'.repeat(80), 'GSM-7', 160, 1, 0],
    ['€'.repeat(81), 'GSM-7', 162, 2, 144],
    ['Привет', 'UCS-2', 6, 1, 64],
    ['ж'.repeat(70), 'UCS-2', 70, 1, 0],
    ['ж'.repeat(71), 'UCS-2', 71, 2, 63],
    ['👍', 'UCS-2', 2, 1, 68],
    [`${'x'.repeat(70)}👍`, 'UCS-2', 72, 2, 62],
    [`${'ж'.repeat(134)}`, 'UCS-2', 134, 2, 0],
    [`${'ж'.repeat(135)}`, 'UCS-2', 135, 3, 66],
  ])('%j is %s, %i long, %i segment(s), %i left', (text, encoding, length, segments, remaining) => {
    expect(smsSegments(text)).toEqual({ encoding, length, segments, remaining });
  });
});
