import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import type { WhatsAppInput } from './ChannelEditor';
import { GraphVersionField, MetaIdField, MetaSecretsSection, MetaWebhookSection } from './MetaFields';
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
          <MetaIdField
            label={t('admin.channels.whatsapp.phoneNumberId')}
            value={settings.phoneNumberId}
            onChange={(v) => set('phoneNumberId', v)}
            required
            testId="whatsapp-phone-number-id"
          />
          <MetaIdField
            label={t('admin.channels.whatsapp.businessAccountId')}
            value={settings.businessAccountId}
            onChange={(v) => set('businessAccountId', v)}
            testId="whatsapp-business-account-id"
          />
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
          <GraphVersionField prefix="whatsapp" value={settings.graphVersion} onChange={(v) => set('graphVersion', v)} />
        </div>
      </section>
      <MetaSecretsSection prefix="whatsapp" names={WHATSAPP_SECRETS} values={secrets} saved={account?.secrets} onChange={onSecrets} />
      <MetaWebhookSection prefix="whatsapp" webhookUrl={account?.webhookUrl ?? null} />
      <WhatsAppTemplatesEditor templates={settings.templates} onChange={(templates) => set('templates', templates)} />
    </>
  );
}
