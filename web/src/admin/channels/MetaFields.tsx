import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaskedSecret } from '@switchboard/protocol';
import { CopyBox } from './CopyBox';
import { SecretFields } from './SecretFields';

/** The parts WhatsApp and Messenger accounts share: both are Meta apps on the Graph API. */
type MetaPrefix = 'whatsapp' | 'messenger';

/** One of Meta's numeric ids (a phone number id, a page id, a business account id). */
export function MetaIdField(props: { label: string; value: string; onChange: (value: string) => void; required?: boolean; testId: string }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        value={props.value}
        onChange={(e) => props.onChange(e.target.value.trim())}
        required={props.required}
        inputMode="numeric"
        pattern={props.required ? '[0-9]+' : '[0-9]*'}
        maxLength={64}
        data-testid={props.testId}
      />
    </label>
  );
}

/** The Graph API version the account calls (v23.0). */
export function GraphVersionField({ prefix, value, onChange }: { prefix: MetaPrefix; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t(`admin.channels.${prefix}.graphVersion`)}</span>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        required
        pattern="v[0-9]{1,3}\.[0-9]{1,2}"
        maxLength={10}
        data-testid={`${prefix}-graph-version`}
      />
    </label>
  );
}

/** The app's tokens, write-only: what is saved is only named, never shown. */
export function MetaSecretsSection<N extends string>(props: {
  prefix: MetaPrefix;
  names: readonly N[];
  values: Record<N, string>;
  saved: Partial<Record<N, MaskedSecret>> | undefined;
  onChange: (values: Record<N, string>) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="editor__section">
      <h3 className="editor__section-title">{t(`admin.channels.${props.prefix}.secrets`)}</h3>
      <p className="muted editor__hint">{t(props.saved ? 'admin.channels.whatsapp.secretsHintSaved' : 'admin.channels.whatsapp.secretsHint')}</p>
      <SecretFields prefix={props.prefix} names={props.names} required={() => true} values={props.values} saved={props.saved} onChange={props.onChange} />
    </section>
  );
}

/** The webhook address to register at Meta, once the account is saved (its key is in it); `children` follow it. */
export function MetaWebhookSection({ prefix, webhookUrl, children }: { prefix: MetaPrefix; webhookUrl: string | null; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="editor__section">
      <h3 className="editor__section-title">{t('admin.channels.whatsapp.webhook')}</h3>
      {webhookUrl ? (
        <>
          <p className="muted editor__hint">{t(`admin.channels.${prefix}.webhookHint`)}</p>
          <CopyBox text={webhookUrl} testId={`${prefix}-webhook-url`} copiedText={t('admin.channels.whatsapp.webhookCopied')} />
          {children}
        </>
      ) : (
        <p className="muted editor__hint">{t('admin.channels.whatsapp.webhookAfterSave')}</p>
      )}
    </section>
  );
}
