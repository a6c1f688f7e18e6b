import { useMemo } from 'react';
import { useStore } from '../lib/store';
import { settingsStore } from '../settings/settingsStore';
import { splitPhoneNumbers } from './detect';
import { PhoneLink } from './PhoneLink';
import './phone.css';

/** Message text with its phone numbers as links (read in the organisation's default country). */
export default function LinkedPhoneText({ text }: { text: string }) {
  const country = useStore(settingsStore, (s) => s.org.defaultCountry);
  const segments = useMemo(() => splitPhoneNumbers(text, country), [text, country]);
  if (segments.every((s) => s.kind === 'text')) return <>{text}</>;
  return (
    <>
      {segments.map((segment, i) =>
        segment.kind === 'text' ? segment.text : <PhoneLink key={i} text={segment.text} e164={segment.e164} international={segment.international} />,
      )}
    </>
  );
}
