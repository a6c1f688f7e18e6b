import type { ReactNode } from 'react';
import { useCallHrefFor } from './callLink';

/** A phone number as written, as a link that calls it (the admin's click-to-call template, or tel:). */
export function CallNumber({ number, children, testId }: { number: string; children?: ReactNode; testId?: string }) {
  const callHref = useCallHrefFor();
  return (
    <a href={callHref(number)} data-testid={testId}>
      {children ?? number}
    </a>
  );
}
