import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number as typed (international, or national in `region`) → E.164, or null when it is not a
 * possible number there. libphonenumber-js rather than our own digit rules: national prefixes, trunk
 * zeros and the lengths of each country's numbers are its metadata's business.
 */
export function toE164(input: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), region.toUpperCase() as CountryCode);
  return parsed?.isPossible() ? parsed.number : null;
}

/** The country a number belongs to (e.g. an SMS account's own number), for reading national input like its customers write it. */
export function regionOf(e164: string | undefined): string | undefined {
  return e164 ? parsePhoneNumberFromString(e164)?.country : undefined;
}
