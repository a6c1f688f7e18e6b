import { useQuery } from '@tanstack/react-query';
import { clickToCallUrl } from '@switchboard/protocol';
import type { CountryCode } from 'libphonenumber-js/min';
import { useStore } from '../lib/store';
import { settingsStore } from '../settings/settingsStore';

/** libphonenumber-js, loaded on first use (it is large; the sign-in page must not wait for it). */
export function usePhoneLibrary() {
  return useQuery({ queryKey: ['libphonenumber-js'], queryFn: () => import('libphonenumber-js/min'), staleTime: Number.POSITIVE_INFINITY });
}

/** The link a "Call" action opens for an E.164 number: the admin's click-to-call template (Admin › Calls), or tel:. */
export function useCallHref(): (e164: string) => string {
  const template = useStore(settingsStore, (s) => s.org.clickToCallTemplate);
  return (e164) => clickToCallUrl(template, e164);
}

/**
 * The same for a number as a person wrote it (a contact's phones): read in the organisation's country
 * into E.164 once the phone library has loaded; until then, or when unreadable, its digits.
 */
export function useCallHrefFor(): (written: string) => string {
  const href = useCallHref();
  const library = usePhoneLibrary().data;
  const country = useStore(settingsStore, (s) => s.org.defaultCountry) as CountryCode;
  return (written) => {
    const parsed = library?.parsePhoneNumberFromString(written, country);
    if (parsed?.isPossible()) return href(parsed.number);
    const digits = written.replace(/[^\d]/g, '');
    return href(written.trim().startsWith('+') ? `+${digits}` : digits);
  };
}
