import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import type { WhatsAppInput } from './ChannelEditor';
import { CopyBox } from './CopyBox';
import { SecretFields } from './SecretFields';
import { WhatsAppTemplatesEditor } from './WhatsAppTemplatesEditor';

type Settings = WhatsAppInput['settings'];
export const WHATSAPP_SECRETS = ['accessToken', 'appSecret', 'verifyToken'] as const;
type WhatsAppSecretFields = Record<(typeof WHATSAPP_SECRETS)[number], string>;

export const NEW_WHATSAPP_SETTINGS: Settings = {
  phoneNumberId: '',
  businessAccountId: '',
  displayPhoneNumber: '',
  graphVersion: 'v23.0',
  templates: [],
};

interface Props {
  account: Extract<ChannelAccount, { type: 'whatsapp' }> | null;
  settings: Settings;
  secrets: WhatsAppSecretFields;
  onSettings: (settings: Settings) => void;
  onSecrets: (secrets: WhatsAppSecretFields) => void;
}

/** A WhatsApp Business number: its ids at Meta, its tokens (write-only), the webhook to register, its templates. */
export function WhatsAppFields({ account, settings, secrets, onSettings, onSecrets }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => onSettings({ ...settings, [key]: value });
  return (
    <>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.whatsapp.number')}</h3>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.channels.whatsapp.phoneNumberId')}</span>
            <input
              value={settings.phoneNumberId}
              onChange={(e) => set('phoneNumberId', e.target.value.trim())}
              required
              inputMode="numeric"
              pattern="[0-9]+"
              maxLength={64}
              data-testid="whatsapp-phone-number-id"
            />
          </label>
          <label className="field">
            <span>{t('admin.channels.whatsapp.businessAccountId')}</span>
            <input
              value={settings.businessAccountId}
              onChange={(e) => set('businessAccountId', e.target.value.trim())}
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={64}
              data-testid="whatsapp-business-account-id"
            />
          </label>
        </div>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.channels.whatsapp.displayPhoneNumber')}</span>
            <input
              value={settings.displayPhoneNumber}
              onChange={(e) => set('displayPhoneNumber', e.target.value)}
              placeholder="+49 30 1234567"
              maxLength={40}
              data-testid="whatsapp-display-phone"
            />
          </label>
          <label className="field">
            <span>{t('admin.channels.whatsapp.graphVersion')}</span>
            <input
              value={settings.graphVersion}
              onChange={(e) => set('graphVersion', e.target.value.trim())}
              required
              pattern="v[0-9]{1,3}\.[0-9]{1,2}"
              maxLength={10}
              data-testid="whatsapp-graph-version"
            />
          </label>
        </div>
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.whatsapp.secrets')}</h3>
        <p className="muted editor__hint">{t(account ? 'admin.channels.whatsapp.secretsHintSaved' : 'admin.channels.whatsapp.secretsHint')}</p>
        <SecretFields prefix="whatsapp" names={WHATSAPP_SECRETS} required={() => true} values={secrets} saved={account?.secrets} onChange={onSecrets} />
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.whatsapp.webhook')}</h3>
        {account ? (
          <>
            <p className="muted editor__hint">{t('admin.channels.whatsapp.webhookHint')}</p>
            <CopyBox text={account.webhookUrl} testId="whatsapp-webhook-url" copiedText={t('admin.channels.whatsapp.webhookCopied')} />
          </>
        ) : (
          <p className="muted editor__hint">{t('admin.channels.whatsapp.webhookAfterSave')}</p>
        )}
      </section>
      <WhatsAppTemplatesEditor templates={settings.templates} onChange={(templates) => set('templates', templates)} />
    </>
  );
}
