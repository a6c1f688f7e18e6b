import { useState, type ReactNode } from 'react';
import type { ChannelAccount, Queue, User } from '@switchboard/protocol';
import { ChannelConnection } from './ChannelConnection';
import { ChannelEditor, type Input } from './ChannelEditor';
import { emptySecrets, secretsBody } from './SecretFields';

export type MessagingInput = Extract<Input, { type: 'whatsapp' | 'messenger' | 'sms' }>;

interface Props<T extends MessagingInput, N extends string> {
  account: ChannelAccount | null;
  initial: T;
  /** The type's secrets: typed here, sent only when typed (empty keeps the saved value). */
  secretNames: readonly N[];
  newTitle: string;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
  children: (
    form: T,
    set: <K extends keyof T>(key: K, value: T[K]) => void,
    secrets: Record<N, string>,
    onSecrets: (s: Record<N, string>) => void,
  ) => ReactNode;
}

/**
 * The editor of a messaging account (WhatsApp, Messenger, SMS): what they share — write-only secrets
 * kept beside the form, the connection check of a saved account — around the type's own fields.
 */
export function MessagingForm<T extends MessagingInput, N extends string>({ account, secretNames, children, ...rest }: Props<T, N>) {
  const [secrets, setSecrets] = useState(() => emptySecrets(secretNames));
  return (
    <ChannelEditor<T>
      {...rest}
      account={account}
      toBody={(form) => ({ ...form, secrets: secretsBody(secretNames, secrets) }) as Input}
      onSaved={(c) => {
        setSecrets(emptySecrets(secretNames));
        rest.onSaved(c);
      }}
    >
      {(form, set) => (
        <>
          {account && <ChannelConnection account={account} />}
          {children(form, set, secrets, setSecrets)}
        </>
      )}
    </ChannelEditor>
  );
}
