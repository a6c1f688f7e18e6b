import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@switchboard/protocol';
import { api } from '../lib/api';
import { useAction } from '../lib/useAction';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { applyMessageUpdate } from './chatStore';

/** My own message, sent within the window (the server's MESSAGE_EDIT_MINUTES, null until it is known). */
export function isRecentlyMine(message: Message, me: number, now: number, windowMs: number | null): boolean {
  return windowMs !== null && message.author === 'user' && message.senderId === me && !message.deletedAt && now - message.createdAt <= windowMs;
}

/** Edit and Delete are offered for my recent messages between colleagues; a customer's copy stays as sent. */
export function mayChange(message: Message, me: number, internal: boolean, now: number, windowMs: number | null): boolean {
  return internal && isRecentlyMine(message, me, now, windowMs);
}

/** Edit and Delete under my own message, while they are allowed; the server judges again. */
export function MessageActions({ message }: { message: Message }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useAction(
    () => api<Message>('DELETE', `/api/messages/${message.id}`),
    (m) => {
      applyMessageUpdate(m);
      setDeleting(false);
    },
  );

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
          busy={remove.busy}
          error={remove.error}
          onConfirm={() => remove.run(undefined)}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}

function EditBox({ message, onDone }: { message: Message; onDone: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState(message.body);
  const edit = useAction(
    (text: string) => api<Message>('PATCH', `/api/messages/${message.id}`, { body: text }),
    (m) => {
      applyMessageUpdate(m);
      onDone();
    },
  );

  const save = () => {
    const text = body.trim();
    if (!text || text === message.body) return onDone();
    edit.run(text);
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
      {edit.error && <p className="form-error">{edit.error}</p>}
      <div className="message__edit-actions">
        <Button small onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button small variant="primary" onClick={save} disabled={edit.busy} testId="message-edit-save">
          {t('common.save')}
        </Button>
      </div>
    </div>
  );
}

/**
 * Where Edit and Delete would be under my recent message in a customer chat: says that it reached the
 * customer as it is. Shown, not hovered, so phones see it too.
 */
export function SentForGood() {
  const { t } = useTranslation();
  return (
    <div className="message__note" data-testid="message-final">
      {t('chat.edit.cannotUnsend')}
    </div>
  );
}

/** "(edited)" after a changed text, the same in the conversation and in Information's history. */
export function EditedMark({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (!message.editedAt || message.deletedAt) return null;
  return (
    <span className="message__edited" data-testid="message-edited">
      {' '}
      {t('chat.edit.edited')}
    </span>
  );
}

/** What stays of a deleted message, in the conversation and in Information's history. */
export function DeletedMark({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`message__bubble--deleted ${className}`.trim()} data-testid="message-deleted">
      {t('chat.edit.deleted')}
    </div>
  );
}
