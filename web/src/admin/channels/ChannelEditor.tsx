import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, ChannelAccountInput, Queue, User } from '@switchboard/protocol';
import { errorText } from '../../app/errorText';
import { api } from '../../lib/api';
import { showToast } from '../../lib/toast';
import { ConfirmDialog } from '../../ui/Dialog';
import { EditorHead } from '../../ui/EditorHead';
import { TargetFields } from './TargetFields';

export type Input = ChannelAccountInput;
export type LiveChatInput = Extract<Input, { type: 'livechat' }>;
export type WhatsAppInput = Extract<Input, { type: 'whatsapp' }>;

interface Props<T extends Input> {
  account: ChannelAccount | null;
  initial: T;
  queues: readonly Queue[];
  users: readonly User[];
  newTitle: string;
  /** What goes to the server, from what the form holds (e.g. empty secret fields become "keep"). */
  toBody?: (form: T) => Input;
  onSaved: (account: ChannelAccount) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
  /** The type's own sections, given the form and a way to change it. */
  children: (form: T, set: <K extends keyof T>(key: K, value: T[K]) => void) => ReactNode;
}

/** One channel account's form: title and buttons, name and target, the type's sections, the delete confirmation. */
export function ChannelEditor<T extends Input>({ account, initial, queues, users, newTitle, toBody, onSaved, onDeleted, onCancel, children }: Props<T>) {
  const { t } = useTranslation();
  const [form, setForm] = useState<T>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState('');

  const set = <K extends keyof T>(key: K, value: T[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const body = toBody ? toBody({ ...form, name: form.name.trim() }) : { ...form, name: form.name.trim() };
    (account ? api<ChannelAccount>('PUT', `/api/admin/channels/${account.id}`, body) : api<ChannelAccount>('POST', '/api/admin/channels', body))
      .then((saved) => {
        onSaved(saved);
        showToast(t('admin.channels.saved'), 'success');
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const remove = () => {
    if (!account) return;
    api('DELETE', `/api/admin/channels/${account.id}`)
      .then(() => onDeleted(account.id))
      .catch((err: unknown) => setDeleteError(errorText(err, t)));
  };

  return (
    <form className="editor" onSubmit={submit} data-testid="channel-editor" data-channel-type={form.type}>
      <EditorHead
        title={account ? account.name : newTitle}
        testId="channel"
        isNew={!account}
        busy={busy}
        createLabel={t('admin.channels.create')}
        onDelete={() => setConfirming(true)}
        onCancel={onCancel}
        error={error}
        errorTestId="channel-error"
        notice=""
      />
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.queues.general')}</h3>
        <label className="field">
          <span>{t('admin.widgets.name')}</span>
          <input value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={120} data-testid="channel-name" />
        </label>
        <TargetFields target={form.target} queues={queues} users={users} onChange={(target) => set('target', target)} />
      </section>
      {children(form, set)}
      {confirming && account && (
        <ConfirmDialog
          title={t('admin.channels.deleteTitle')}
          text={t(account.type === 'livechat' ? 'admin.channels.deleteTextLivechat' : 'admin.channels.deleteText', { name: account.name })}
          confirmLabel={t('common.delete')}
          danger
          error={deleteError}
          onConfirm={remove}
          onClose={() => setConfirming(false)}
        />
      )}
    </form>
  );
}
