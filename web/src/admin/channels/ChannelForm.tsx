import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, Queue, User } from '@switchboard/protocol';
import { ChannelEditor, type LiveChatInput, type WhatsAppInput } from './ChannelEditor';
import { MessengerForm } from './MessengerForm';
import type { EditableType } from './ChannelTypePicker';
import { LiveChatFields, NEW_LIVECHAT_SETTINGS } from './LiveChatFields';
import { NEW_WHATSAPP_SETTINGS, secretsBody, WhatsAppFields, type SecretFields } from './WhatsAppFields';
import { SmsForm } from './SmsForm';

interface Props {
  type: EditableType;
  account: ChannelAccount | null;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

const NO_SECRETS: SecretFields = { accessToken: '', appSecret: '', verifyToken: '' };

/** The editor of one account of either kind, filled from the saved account or with a new one's defaults. */
export function ChannelForm({ type, account, queues, users, ...rest }: Props) {
  const { t } = useTranslation();
  // Typed secrets live beside the form: they are never loaded from the server, and empty means "keep".
  const [secrets, setSecrets] = useState<SecretFields>(NO_SECRETS);
  const target = account?.target ?? (queues[0] ? { type: 'queue' as const, queueId: queues[0].id } : { type: 'extension' as const, userId: users[0]?.id ?? 0 });
  const common = { account, queues, users, ...rest };

  if (type === 'messenger') return <MessengerForm {...common} target={target} />;
  if (type === 'sms') return <SmsForm {...common} target={target} />;
  if (type === 'whatsapp') {
    const saved = account?.type === 'whatsapp' ? account : null;
    const initial: WhatsAppInput = {
      type,
      name: account?.name ?? '',
      target,
      settings: saved?.settings ?? NEW_WHATSAPP_SETTINGS,
      secrets: {},
    };
    return (
      <ChannelEditor
        {...common}
        initial={initial}
        newTitle={t('admin.channels.newWhatsapp')}
        toBody={(form) => ({ ...form, secrets: secretsBody(secrets) })}
        onSaved={(c) => {
          setSecrets(NO_SECRETS);
          rest.onSaved(c);
        }}
      >
        {(form, set) => (
          <WhatsAppFields account={saved} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={setSecrets} />
        )}
      </ChannelEditor>
    );
  }
  const initial: LiveChatInput = {
    type,
    name: account?.name ?? '',
    target,
    settings: account?.type === 'livechat' ? account.settings : NEW_LIVECHAT_SETTINGS,
  };
  return (
    <ChannelEditor {...common} initial={initial} newTitle={t('admin.widgets.newTitle')}>
      {(form, set) => <LiveChatFields account={account} settings={form.settings} onChange={(s) => set('settings', s)} />}
    </ChannelEditor>
  );
}
