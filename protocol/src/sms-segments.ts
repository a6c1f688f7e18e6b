/**
 * How many SMS an agent's text becomes, as carriers count it: GSM-7 text fits 160 characters in one
 * message and 153 per part when split (7 go to the part header); anything outside GSM-7 (most emoji,
 * Cyrillic, many accents) turns the whole message into UCS-2: 70 characters, 67 per part. Characters of
 * GSM-7's extension table ({ } [ ] ~ \ | ^ €) take two places. UCS-2 counts UTF-16 units, so an emoji
 * outside the basic plane takes two.
 */

const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the encoding counts them (septets for GSM-7, UTF-16 units for UCS-2). */
  length: number;
  segments: number;
  /** Characters left in the last segment before another one starts. */
  remaining: number;
}

export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENDED.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const [encoding, length, single, part] = gsm ? (['GSM-7', septets, 160, 153] as const) : (['UCS-2', text.length, 70, 67] as const);
  if (length === 0) return { encoding, length, segments: 0, remaining: single };
  const segments = length <= single ? 1 : Math.ceil(length / part);
  const capacity = segments === 1 ? single : segments * part;
  return { encoding, length, segments, remaining: capacity - length };
}
