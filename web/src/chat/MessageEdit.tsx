import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@switchboard/protocol';
import { api } from '../lib/api';
import { errorText } from '../app/errorText';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { applyMessageUpdate } from './chatStore';

/** How long after sending my message in an internal chat I may still change it (the server's MESSAGE_EDIT_MINUTES default). */
export const EDIT_WINDOW_MS = 15 * 60_000;

export function mayChange(message: Message, me: number, internal: boolean, now: number): boolean {
  return internal && message.author === 'user' && message.senderId === me && !message.deletedAt && now - message.createdAt <= EDIT_WINDOW_MS;
}

/** Edit and Delete under my own message, while they are allowed; the server judges again. */
export function MessageActions({ message }: { message: Message }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const remove = () => {
    setBusy(true);
    api<Message>('DELETE', `/api/messages/${message.id}`)
      .then((m) => {
        applyMessageUpdate(m);
        setDeleting(false);
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  if (editing) return <EditBox message={message} onDone={() => setEditing(false)} />;
  return (
    <div className="message__actions">
      <Button variant="link" onClick={() => setEditing(true)} testId="message-edit">
        {t('chat.edit.edit')}
      </Button>
      <Button variant="link" onClick={() => setDeleting(true)} testId="message-delete">
        {t('chat.edit.delete')}
      </Button>
      {deleting && (
        <ConfirmDialog
          title={t('chat.edit.deleteTitle')}
          text={t('chat.edit.deleteText')}
          confirmLabel={t('chat.edit.delete')}
          danger
          busy={busy}
          error={error}
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}

function EditBox({ message, onDone }: { message: Message; onDone: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState(message.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const save = () => {
    const text = body.trim();
    if (!text || text === message.body) return onDone();
    setBusy(true);
    api<Message>('PATCH', `/api/messages/${message.id}`, { body: text })
      .then((m) => {
        applyMessageUpdate(m);
        onDone();
      })
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') onDone();
  };

  return (
    <div className="message__edit">
      <textarea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
        rows={2}
        aria-label={t('chat.edit.edit')}
        data-testid="message-edit-box"
      />
      {error && <p className="form-error">{error}</p>}
      <div className="message__edit-actions">
        <Button small onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button small variant="primary" onClick={save} disabled={busy} testId="message-edit-save">
          {t('common.save')}
        </Button>
      </div>
    </div>
  );
}
