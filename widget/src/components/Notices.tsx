/** @jsxImportSource preact */
import { fill, type Strings } from '../i18n.js';
import { BlockedIcon, CheckIcon } from './icons.js';

export function EndedNotice({ t }: { t: Strings }) {
  return (
    <div class="sb-notice" data-testid="widget-ended" role="status">
      <strong>{t.ended}</strong>
      <span>{t.endedHint}</span>
    </div>
  );
}

export function BlockedNotice({ t }: { t: Strings }) {
  return (
    <div class="sb-state" data-testid="widget-blocked" role="status">
      <span class="sb-state-icon sb-state-muted">
        <BlockedIcon />
      </span>
      <strong>{t.blockedTitle}</strong>
      <p>{t.blockedBody}</p>
    </div>
  );
}

export function OfflineSent({ t, email }: { t: Strings; email: string }) {
  return (
    <div class="sb-state" data-testid="widget-offline-sent" role="status">
      <span class="sb-state-icon">
        <CheckIcon />
      </span>
      <strong>{t.offlineSentTitle}</strong>
      <p>{fill(t.offlineSentBody, { email })}</p>
    </div>
  );
}
