import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, ChannelAccountInput, MaskedSecret } from '@switchboard/protocol';
import { CopyBox } from './CopyBox';

export type SmsInput = Extract<ChannelAccountInput, { type: 'sms' }>;
type Settings = SmsInput['settings'];
type SecretName = 'authToken' | 'apiKeySid' | 'apiKeySecret';
export type SmsSecretFields = Record<SecretName, string>;
const SECRETS: SecretName[] = ['authToken', 'apiKeySid', 'apiKeySecret'];
export const NO_SMS_SECRETS: SmsSecretFields = { authToken: '', apiKeySid: '', apiKeySecret: '' };

export const NEW_SMS_SETTINGS: Settings = { provider: 'twilio', accountSid: '', phoneNumbers: [], messagingServiceSid: '' };

/** Empty secret fields keep what is saved (null); typed ones replace it. */
export function smsSecretsBody(fields: SmsSecretFields): SmsInput['secrets'] {
  return Object.fromEntries(SECRETS.map((name) => [name, fields[name].trim() || null])) as SmsInput['secrets'];
}

interface Props {
  account: Extract<ChannelAccount, { type: 'sms' }> | null;
  settings: Settings;
  secrets: SmsSecretFields;
  onSettings: (settings: Settings) => void;
  onSecrets: (secrets: SmsSecretFields) => void;
}

/** A Twilio number (or messaging service): its account SID, numbers, credentials (write-only) and the webhook to paste. */
export function SmsFields({ account, settings, secrets, onSettings, onSecrets }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => onSettings({ ...settings, [key]: value });
  // The numbers are edited as text (one per line) and parsed on each change; the text keeps what is typed.
  const [numbers, setNumbers] = useState(settings.phoneNumbers.join('\n'));
  return (
    <>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.sms.account')}</h3>
        <label className="field">
          <span>{t('admin.channels.sms.accountSid')}</span>
          <input
            value={settings.accountSid}
            onChange={(e) => set('accountSid', e.target.value.trim())}
            required
            pattern="AC[0-9a-f]{32}"
            maxLength={34}
            placeholder="AC…"
            data-testid="sms-account-sid"
          />
        </label>
        <label className="field">
          <span>{t('admin.channels.sms.phoneNumbers')}</span>
          <textarea
            value={numbers}
            rows={2}
            onChange={(e) => {
              setNumbers(e.target.value);
              set(
                'phoneNumbers',
                e.target.value
                  .split(/[\n,;]+/)
                  .map((n) => n.replace(/[\s()-]/g, ''))
                  .filter(Boolean),
              );
            }}
            placeholder="+4930123456"
            data-testid="sms-phone-numbers"
          />
          <small className="muted field__hint">{t('admin.channels.sms.phoneNumbersHint')}</small>
        </label>
        <label className="field">
          <span>{t('admin.channels.sms.messagingServiceSid')}</span>
          <input
            value={settings.messagingServiceSid}
            onChange={(e) => set('messagingServiceSid', e.target.value.trim())}
            pattern="MG[0-9a-f]{32}"
            maxLength={34}
            placeholder="MG…"
            data-testid="sms-messaging-service-sid"
          />
          <small className="muted field__hint">{t('admin.channels.sms.messagingServiceHint')}</small>
        </label>
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.sms.secrets')}</h3>
        <p className="muted editor__hint">{t(account ? 'admin.channels.sms.secretsHintSaved' : 'admin.channels.sms.secretsHint')}</p>
        {SECRETS.map((name) => (
          <SecretField
            key={name}
            name={name}
            required={name === 'authToken'}
            value={secrets[name]}
            saved={account?.secrets[name]}
            onChange={(v) => onSecrets({ ...secrets, [name]: v })}
          />
        ))}
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.sms.webhook')}</h3>
        {account ? (
          <>
            <p className="muted editor__hint">{t('admin.channels.sms.webhookHint')}</p>
            <CopyBox text={account.webhookUrl} testId="sms-webhook-url" copiedText={t('admin.channels.sms.webhookCopied')} />
          </>
        ) : (
          <p className="muted editor__hint">{t('admin.channels.sms.webhookAfterSave')}</p>
        )}
      </section>
    </>
  );
}

function SecretField(props: { name: SecretName; required: boolean; value: string; saved: MaskedSecret | undefined; onChange: (v: string) => void }) {
  const { name, value, saved, onChange } = props;
  const { t } = useTranslation();
  const isSet = saved?.set === true;
  return (
    <label className="field">
      <span>{t(`admin.channels.sms.${name}`)}</span>
      <input
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={props.required && !isSet}
        maxLength={1000}
        // The field itself stays empty (nothing is ever sent back); the line below says what is saved.
        placeholder={isSet ? saved.hint || '••••••••' : ''}
        data-testid={`sms-${name}`}
      />
      {isSet && (
        <small className="muted field__hint" data-testid={`sms-${name}-saved`}>
          {t('admin.channels.secretSaved', { hint: saved.hint || '••••' })}
        </small>
      )}
    </label>
  );
}
