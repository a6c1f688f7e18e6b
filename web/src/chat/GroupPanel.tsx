import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { showToast } from '../lib/toast';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/Dialog';
import { CloseIcon, LogoutIcon, UsersPlusIcon } from '../ui/icons';
import { AddMembersDialog } from './AddMembersDialog';
import { leaveGroup, managesGroup, removeGroupMember, renameGroup } from './groupActions';

/** A group chat's Information: its name and members; its managers rename it and add and remove colleagues, anyone leaves. */
export function GroupPanel({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const me = currentUser();
  const manages = managesGroup(conversation, me);
  const [adding, setAdding] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const run = (work: Promise<void>) => {
    setBusy(true);
    setError('');
    work.catch((err: unknown) => setError(errorText(err, t))).finally(() => setBusy(false));
  };

  return (
    <aside className="info" data-testid="group-panel" aria-label={t('chat.group.title')}>
      <header className="info__header">
        <h2>{t('chat.group.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} data-testid="info-close">
          <CloseIcon />
        </button>
      </header>
      <div className="info__scroll">
        <section>
          <h3 className="section-title">{t('chat.group.name')}</h3>
          {manages ? <RenameForm conversation={conversation} /> : <p className="group__name">{conversation.title}</p>}
        </section>
        <section>
          <h3 className="section-title">
            {t('chat.group.members')}
            <span className="section-title__count">{conversation.members.length}</span>
          </h3>
          <ul className="info__people" data-testid="group-members">
            {conversation.members.map((m) => (
              <li key={m.id} data-testid="group-member" data-user-id={m.id}>
                <Avatar name={m.name} size="sm" />
                <span className="group__member">
                  <strong>{m.id === me.id ? t('chat.group.you', { name: m.name }) : m.name}</strong>
                  <span className="muted">
                    {t('team.extension', { extension: m.extension })}
                    {m.id === conversation.createdBy && ` · ${t('chat.group.creator')}`}
                  </span>
                </span>
                {manages && m.id !== me.id && (
                  <Button
                    variant="ghost"
                    small
                    disabled={busy}
                    onClick={() => run(removeGroupMember(conversation.id, m.id))}
                    aria-label={t('chat.group.removeNamed', { name: m.name })}
                    testId="group-remove-member"
                  >
                    {t('chat.group.remove')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {error && (
            <p className="form-error" role="alert" data-testid="group-error">
              {error}
            </p>
          )}
          <div className="group__actions">
            {manages && (
              <Button small icon={<UsersPlusIcon />} onClick={() => setAdding(true)} testId="group-add-members">
                {t('chat.group.add')}
              </Button>
            )}
            <Button small variant="ghost" icon={<LogoutIcon />} onClick={() => setLeaving(true)} testId="group-leave">
              {t('chat.group.leave')}
            </Button>
          </div>
          {!manages && <p className="muted group__hint">{t('chat.group.managedBy')}</p>}
        </section>
      </div>
      {adding && <AddMembersDialog conversation={conversation} onClose={() => setAdding(false)} />}
      {leaving && (
        <ConfirmDialog
          title={t('chat.group.leaveTitle')}
          text={t('chat.group.leaveText', { title: conversation.title })}
          confirmLabel={t('chat.group.leave')}
          danger
          busy={busy}
          error={error}
          onConfirm={() => {
            setBusy(true);
            leaveGroup(conversation.id)
              .then(() => showToast(t('chat.group.left', { title: conversation.title }), 'success'))
              .catch((err: unknown) => {
                setError(errorText(err, t));
                setBusy(false);
              });
          }}
          onClose={() => setLeaving(false)}
        />
      )}
    </aside>
  );
}

function RenameForm({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(conversation.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const changed = title.trim() !== '' && title.trim() !== conversation.title;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed) return;
    setBusy(true);
    setError('');
    renameGroup(conversation.id, title.trim())
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="group__rename field" onSubmit={submit}>
      <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} aria-label={t('chat.group.name')} data-testid="group-rename-input" />
      <Button type="submit" small variant="primary" disabled={busy || !changed} testId="group-rename-save">
        {t('chat.group.rename')}
      </Button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
