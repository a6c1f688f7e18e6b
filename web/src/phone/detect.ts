import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/min';

export type Segment =
  | { kind: 'text'; text: string }
  | {
      kind: 'phone';
      /** As written in the message. */
      text: string;
      /** E.164, for tel: and sms: links. */
      e164: string;
      /** "+49 30 1234567": what Copy and Add to Contacts use. */
      international: string;
    };

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Shapes that are dates, not numbers: 2026-11-25, 25.11.2026, 11/25/2026. */
const DATE = /^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
/** Written right before a number that is an order, ticket or price rather than a phone number. */
const BEFORE = /[#№$€£¥]\s*$|\b(?:EUR|USD|GBP|CHF)\s*$/i;
const AFTER = /^\s*(?:[$€£¥%]|EUR\b|USD\b|GBP\b|CHF\b|Euro\b|Eur\b)/i;

/**
 * Splits a message into text and the phone numbers in it. A number counts when it is written
 * internationally (+49 …, 0049 …) or in the full national format of the default country
 * (030 1234567 in Germany, (415) 555-0100 in the US): digits that merely parse as a number, such as
 * dates, order numbers and prices, stay text.
 */
export function splitPhoneNumbers(text: string, defaultCountry: string): Segment[] {
  const country = defaultCountry.toUpperCase() as CountryCode;
  const segments: Segment[] = [];
  let position = 0;
  let found: ReturnType<typeof findPhoneNumbersInText>;
  try {
    found = findPhoneNumbersInText(text, { defaultCountry: country });
  } catch {
    return text ? [{ kind: 'text', text }] : [];
  }
  for (const match of found) {
    const raw = text.slice(match.startsAt, match.endsAt);
    if (!accepted(raw, match.number, text.slice(0, match.startsAt), text.slice(match.endsAt))) continue;
    if (match.startsAt > position) segments.push({ kind: 'text', text: text.slice(position, match.startsAt) });
    segments.push({ kind: 'phone', text: raw, e164: match.number.number, international: match.number.formatInternational() });
    position = match.endsAt;
  }
  if (position < text.length) segments.push({ kind: 'text', text: text.slice(position) });
  return segments;
}

function accepted(raw: string, number: ReturnType<typeof findPhoneNumbersInText>[number]['number'], before: string, after: string): boolean {
  if (!number.isValid()) return false;
  if (DATE.test(raw.trim()) || BEFORE.test(before) || AFTER.test(after)) return false;
  // Part of a longer run of digits or a word ("ABC0301234567", "12.030 1234567"): not a number on its own.
  if (/[\p{L}\d]$/u.test(before) || /^[\p{L}\d]/u.test(after)) return false;
  const digits = digitsOf(raw);
  if (digits.length < 6) return false;
  const international = raw.trimStart().startsWith('+') || raw.trimStart().startsWith('00');
  if (international) return true;
  // Nationally written numbers must be complete as dialled at home ("030 1234567", not "30 1234567" or
  // "2026 11 25") and of a shape the country's numbering plan knows how to lay out.
  const national = number.formatNational();
  return digits === digitsOf(national) && /[\s()/-]/.test(national);
}
