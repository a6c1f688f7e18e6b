import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, ChannelTarget, Queue, User } from '@switchboard/protocol';
import { ChannelEditor } from './ChannelEditor';
import { NEW_SMS_SETTINGS, NO_SMS_SECRETS, SmsFields, smsSecretsBody, type SmsInput, type SmsSecretFields } from './SmsFields';

interface Props {
  account: ChannelAccount | null;
  target: ChannelTarget;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

/** The editor of an SMS (Twilio) account; its own file so ChannelForm gains one line per type. */
export function SmsForm({ account, target, ...rest }: Props) {
  const { t } = useTranslation();
  // Typed secrets live beside the form: they are never loaded from the server, and empty means "keep".
  const [secrets, setSecrets] = useState<SmsSecretFields>(NO_SMS_SECRETS);
  const saved = account?.type === 'sms' ? account : null;
  const initial: SmsInput = { type: 'sms', name: account?.name ?? '', target, settings: saved?.settings ?? NEW_SMS_SETTINGS, secrets: {} };
  return (
    <ChannelEditor
      {...rest}
      account={account}
      initial={initial}
      newTitle={t('admin.channels.newSms')}
      toBody={(form) => ({ ...form, secrets: smsSecretsBody(secrets) })}
      onSaved={(c) => {
        setSecrets(NO_SMS_SECRETS);
        rest.onSaved(c);
      }}
    >
      {(form, set) => <SmsFields account={saved} settings={form.settings} secrets={secrets} onSettings={(s) => set('settings', s)} onSecrets={setSecrets} />}
    </ChannelEditor>
  );
}
