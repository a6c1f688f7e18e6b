import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import type { MessengerInput } from './ChannelEditor';
import { GraphVersionField, MetaIdField, MetaSecretsSection, MetaWebhookSection } from './MetaFields';

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
          <MetaIdField
            label={t('admin.channels.messenger.pageId')}
            value={settings.pageId}
            onChange={(v) => set('pageId', v)}
            required
            testId="messenger-page-id"
          />
          <GraphVersionField prefix="messenger" value={settings.graphVersion} onChange={(v) => set('graphVersion', v)} />
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
      <MetaSecretsSection prefix="messenger" names={MESSENGER_SECRETS} values={secrets} saved={account?.secrets} onChange={onSecrets} />
      <MetaWebhookSection prefix="messenger" webhookUrl={account?.webhookUrl ?? null}>
        <p className="muted editor__hint">{t('admin.channels.messenger.subscribeHint')}</p>
        <code className="editor__hint" data-testid="messenger-subscriptions">
          messages, messaging_postbacks, message_deliveries, message_reads, message_echoes, message_reactions
        </code>
      </MetaWebhookSection>
    </>
  );
}
