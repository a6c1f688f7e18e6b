import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import type { MessengerInput } from './ChannelEditor';
import { CopyBox } from './CopyBox';
import { SecretFields } from './SecretFields';

type Settings = MessengerInput['settings'];
export const MESSENGER_SECRETS = ['pageAccessToken', 'appSecret', 'verifyToken'] as const;
type MessengerSecretFields = Record<(typeof MESSENGER_SECRETS)[number], string>;

export const NEW_MESSENGER_SETTINGS: Settings = { pageId: '', graphVersion: 'v23.0', humanAgentTag: false };

interface Props {
  account: Extract<ChannelAccount, { type: 'messenger' }> | null;
  settings: Settings;
  secrets: MessengerSecretFields;
  onSettings: (settings: Settings) => void;
  onSecrets: (secrets: MessengerSecretFields) => void;
}

/** A Facebook Page on Messenger: its id, the reply window rule, its tokens (write-only), the webhook to register. */
export function MessengerFields({ account, settings, secrets, onSettings, onSecrets }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => onSettings({ ...settings, [key]: value });
  return (
    <>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.messenger.page')}</h3>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.channels.messenger.pageId')}</span>
            <input
              value={settings.pageId}
              onChange={(e) => set('pageId', e.target.value.trim())}
              required
              inputMode="numeric"
              pattern="[0-9]+"
              maxLength={64}
              data-testid="messenger-page-id"
            />
          </label>
          <label className="field">
            <span>{t('admin.channels.messenger.graphVersion')}</span>
            <input
              value={settings.graphVersion}
              onChange={(e) => set('graphVersion', e.target.value.trim())}
              required
              pattern="v[0-9]{1,3}\.[0-9]{1,2}"
              maxLength={10}
              data-testid="messenger-graph-version"
            />
          </label>
        </div>
        <div className="checks">
          <label className="check">
            <input
              type="checkbox"
              checked={settings.humanAgentTag}
              onChange={(e) => set('humanAgentTag', e.target.checked)}
              data-testid="messenger-human-agent"
            />
            <span>{t('admin.channels.messenger.humanAgentTag')}</span>
          </label>
        </div>
        <p className="muted editor__hint">{t('admin.channels.messenger.humanAgentTagHint')}</p>
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.messenger.secrets')}</h3>
        <p className="muted editor__hint">{t(account ? 'admin.channels.whatsapp.secretsHintSaved' : 'admin.channels.whatsapp.secretsHint')}</p>
        <SecretFields prefix="messenger" names={MESSENGER_SECRETS} required={() => true} values={secrets} saved={account?.secrets} onChange={onSecrets} />
      </section>
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.channels.whatsapp.webhook')}</h3>
        {account ? (
          <>
            <p className="muted editor__hint">{t('admin.channels.messenger.webhookHint')}</p>
            <CopyBox text={account.webhookUrl} testId="messenger-webhook-url" copiedText={t('admin.channels.whatsapp.webhookCopied')} />
            <p className="muted editor__hint">{t('admin.channels.messenger.subscribeHint')}</p>
            <code className="editor__hint" data-testid="messenger-subscriptions">
              messages, messaging_postbacks, message_deliveries, message_reads, message_echoes, message_reactions
            </code>
          </>
        ) : (
          <p className="muted editor__hint">{t('admin.channels.whatsapp.webhookAfterSave')}</p>
        )}
      </section>
    </>
  );
}
