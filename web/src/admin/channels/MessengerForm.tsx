import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, ChannelTarget, Queue, User } from '@switchboard/protocol';
import { ChannelEditor, type MessengerInput } from './ChannelEditor';
import { MessengerFields, messengerSecretsBody, NEW_MESSENGER_SETTINGS, NO_MESSENGER_SECRETS, type MessengerSecretFields } from './MessengerFields';

interface Props {
  account: ChannelAccount | null;
  target: ChannelTarget;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

/** The editor of a Messenger account (its own component: its typed secrets are state of their own). */
export function MessengerForm({ account, target, ...rest }: Props) {
  const { t } = useTranslation();
  // Typed secrets live beside the form: they are never loaded from the server, and empty means "keep".
  const [secrets, setSecrets] = useState<MessengerSecretFields>(NO_MESSENGER_SECRETS);
  const saved = account?.type === 'messenger' ? account : null;
  const initial: MessengerInput = { type: 'messenger', name: account?.name ?? '', target, settings: saved?.settings ?? NEW_MESSENGER_SETTINGS, secrets: {} };
  return (
    <ChannelEditor
      {...rest}
      account={account}
      initial={initial}
      newTitle={t('admin.channels.newMessenger')}
      toBody={(form) => ({ ...form, secrets: messengerSecretsBody(secrets) })}
      onSaved={(c) => {
        setSecrets(NO_MESSENGER_SECRETS);
        rest.onSaved(c);
      }}
    >
      {(form, set) => (
        <MessengerFields account={saved} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={setSecrets} />
      )}
    </ChannelEditor>
  );
}
