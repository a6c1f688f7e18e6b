import { useTranslation } from 'react-i18next';
import type { ChannelAccount, Queue, User } from '@switchboard/protocol';
import { ChannelEditor, type LiveChatInput } from './ChannelEditor';
import type { EditableType } from './ChannelTypePicker';
import { LiveChatFields, NEW_LIVECHAT_SETTINGS } from './LiveChatFields';
import { MessagingForm } from './MessagingForm';
import { MESSENGER_SECRETS, MessengerFields, NEW_MESSENGER_SETTINGS } from './MessengerFields';
import { NEW_SMS_SETTINGS, SMS_SECRETS, SmsFields } from './SmsFields';
import { NEW_WHATSAPP_SETTINGS, WHATSAPP_SECRETS, WhatsAppFields } from './WhatsAppFields';

interface Props {
  type: EditableType;
  account: ChannelAccount | null;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

/** The editor of one account of any kind, filled from the saved account or with a new one's defaults. */
export function ChannelForm({ type, account, queues, users, ...rest }: Props) {
  const { t } = useTranslation();
  const target = account?.target ?? (queues[0] ? { type: 'queue' as const, queueId: queues[0].id } : { type: 'extension' as const, userId: users[0]?.id ?? 0 });
  const common = { account, queues, users, ...rest };
  const name = account?.name ?? '';

  if (type === 'whatsapp') {
    const saved = account?.type === 'whatsapp' ? account : null;
    const initial = { type, name, target, settings: saved?.settings ?? NEW_WHATSAPP_SETTINGS, secrets: {} };
    return (
      <MessagingForm {...common} initial={initial} secretNames={WHATSAPP_SECRETS} newTitle={t('admin.channels.newWhatsapp')}>
        {(form, set, secrets, onSecrets) => (
          <WhatsAppFields account={saved} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={onSecrets} />
        )}
      </MessagingForm>
    );
  }
  if (type === 'messenger') {
    const saved = account?.type === 'messenger' ? account : null;
    const initial = { type, name, target, settings: saved?.settings ?? NEW_MESSENGER_SETTINGS, secrets: {} };
    return (
      <MessagingForm {...common} initial={initial} secretNames={MESSENGER_SECRETS} newTitle={t('admin.channels.newMessenger')}>
        {(form, set, secrets, onSecrets) => (
          <MessengerFields account={saved} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={onSecrets} />
        )}
      </MessagingForm>
    );
  }
  if (type === 'sms') {
    const saved = account?.type === 'sms' ? account : null;
    const initial = { type, name, target, settings: saved?.settings ?? NEW_SMS_SETTINGS, secrets: {} };
    return (
      <MessagingForm {...common} initial={initial} secretNames={SMS_SECRETS} newTitle={t('admin.channels.newSms')}>
        {(form, set, secrets, onSecrets) => (
          <SmsFields account={saved} name={form.name} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={onSecrets} />
        )}
      </MessagingForm>
    );
  }
  const initial: LiveChatInput = { type, name, target, settings: account?.type === 'livechat' ? account.settings : NEW_LIVECHAT_SETTINGS };
  return (
    <ChannelEditor {...common} initial={initial} newTitle={t('admin.widgets.newTitle')}>
      {(form, set) => <LiveChatFields account={account} settings={form.settings} onChange={(s) => set('settings', s)} />}
    </ChannelEditor>
  );
}
