import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChannelAccount, type ChannelAccountInput, smsHelpDefault } from '@switchboard/protocol';
import { CopyBox } from './CopyBox';
import { SecretFields } from './SecretFields';

export type SmsInput = Extract<ChannelAccountInput, { type: 'sms' }>;
type Settings = SmsInput['settings'];
export const SMS_SECRETS = ['authToken', 'apiKeySid', 'apiKeySecret'] as const;
type SmsSecretFields = Record<(typeof SMS_SECRETS)[number], string>;

export const NEW_SMS_SETTINGS: Settings = { provider: 'twilio', accountSid: '', phoneNumbers: [], messagingServiceSid: '', helpText: '' };

interface Props {
  account: Extract<ChannelAccount, { type: 'sms' }> | null;
  /** The account's name as typed: the default HELP answer names it. */
  name: string;
  settings: Settings;
  secrets: SmsSecretFields;
  onSettings: (settings: Settings) => void;
  onSecrets: (secrets: SmsSecretFields) => void;
}

/** A Twilio number (or messaging service): its account SID, numbers, credentials (write-only) and the webhook to paste. */
export function SmsFields({ account, name, settings, secrets, onSettings, onSecrets }: Props) {
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
        <h3 className="editor__section-title">{t('admin.channels.sms.keywords')}</h3>
        <label className="field">
          <span>{t('admin.channels.sms.helpText')}</span>
          <textarea
            value={settings.helpText}
            rows={3}
            maxLength={1600}
            onChange={(e) => set('helpText', e.target.value)}
            // The text sent when this stays empty, for this account's current name.
            placeholder={smsHelpDefault(name || t('admin.channels.types.sms'))}
            data-testid="sms-help-text"
          />
          <small className="muted field__hint">{t('admin.channels.sms.helpTextHint')}</small>
        </label>
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.sms.secrets')}</h3>
        <p className="muted editor__hint">{t(account ? 'admin.channels.sms.secretsHintSaved' : 'admin.channels.sms.secretsHint')}</p>
        <SecretFields
          prefix="sms"
          names={SMS_SECRETS}
          // The auth token always (Twilio signs webhooks with it); an API key is optional.
          required={(name) => name === 'authToken'}
          values={secrets}
          saved={account?.secrets}
          onChange={onSecrets}
        />
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
