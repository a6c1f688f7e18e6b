import { lazy, Suspense } from 'react';

// The phone number metadata (libphonenumber-js) is the client's largest library: it loads with the first
// message shown, not with the sign-in page. Until it has, the text shows as written.
const LinkedPhoneText = lazy(() => import('./LinkedPhoneText'));

/** Message text with its phone numbers as links (read in the organisation's default country). */
export function PhoneText({ text }: { text: string }) {
  return (
    <Suspense fallback={text}>
      <LinkedPhoneText text={text} />
    </Suspense>
  );
}
