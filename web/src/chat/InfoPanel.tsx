import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Message } from '@switchboard/protocol';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import { errorText } from '../app/errorText';
import { formatDateTime, formatDay, formatTime, sameDay } from '../i18n/format';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon } from '../ui/ChannelIcon';
import { CloseIcon, ContactsIcon, MailIcon, UsersPlusIcon } from '../ui/icons';
import { Button } from '../ui/Button';
import { AccountDetails, Identities } from './Identities';
import { MergeDialog } from './MergeDialog';
import { useConversationInfo } from './queries';
import { Attachments } from '../files/Attachments';
import { customerAbilities } from './customerAbilities';
import { systemNoteText } from './systemNote';
import { DeletedMark, EditedMark } from './MessageEdit';
import { LinkedText } from '../links/LinkedText';
import { CallNumber } from '../phone/CallNumber';

function Row({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <div className="info__row">
      <dt>{label}</dt>
      <dd>{value ? (children ?? value) : '—'}</dd>
    </div>
  );
}

function EmailForm({ conversationId, onDone }: { conversationId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    api('POST', `/api/conversations/${conversationId}/email`, { subject: subject.trim(), body: body.trim() })
      .then(() => {
        showToast(t('customer.info.emailSent'), 'success');
        onDone();
      })
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  return (
    <form className="info__email" onSubmit={submit} data-testid="info-email-form">
      <label className="field">
        <span>{t('customer.info.subject')}</span>
        <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={200} data-testid="info-email-subject" />
      </label>
      <label className="field">
        <span>{t('customer.info.message')}</span>
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required rows={5} maxLength={20000} data-testid="info-email-body" />
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="info-email-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--small" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy || !subject.trim() || !body.trim()} data-testid="info-email-send">
          {t('customer.info.send')}
        </button>
      </div>
    </form>
  );
}

function HistoryLine({ message, previous }: { message: Message; previous: Message | undefined }) {
  const { t, i18n } = useTranslation();
  const newDay = !previous || !sameDay(previous.createdAt, message.createdAt);
  return (
    <>
      {newDay && <li className="info__day">{formatDay(message.createdAt, i18n.language, t)}</li>}
      {message.author === 'system' ? (
        <li className="info__msg info__msg--system">
          {message.system ? systemNoteText(message.system, t, message.body) : message.body}
          <time>{formatTime(message.createdAt, i18n.language)}</time>
        </li>
      ) : (
        <li className={`info__msg info__msg--${message.author}`}>
          <span className="info__msg-head">
            <strong>{message.senderName || t('chat.customer')}</strong>
            <time>{formatTime(message.createdAt, i18n.language)}</time>
          </span>
          {message.deletedAt ? (
            <DeletedMark className="info__msg-body" />
          ) : (
            message.body && (
              <span className="info__msg-body">
                <LinkedText text={message.body} />
                <EditedMark message={message} />
              </span>
            )
          )}
          <Attachments list={message.attachments} />
        </li>
      )}
    </>
  );
}

export function InfoPanel({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const query = useConversationInfo(conversation);
  const info = query.data ?? null;
  const error = query.isError ? errorText(query.error, t) : '';
  const [emailing, setEmailing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState('');
  const [added, setAdded] = useState(false);
  const [merging, setMerging] = useState(false);
  const can = customerAbilities(conversation, false);

  const add = () => {
    setAdding(true);
    setAddError('');
    api('POST', `/api/conversations/${conversation.id}/contact`)
      .then(() => {
        setAdded(true);
      })
      .catch((err: unknown) => setAddError(errorText(err, t)))
      .finally(() => setAdding(false));
  };

  const customer = info?.customer;
  // Without an address there is nobody to write to: say so before the agent writes, not after.
  const hasEmail = !!customer?.email;
  return (
    <aside className="info" data-testid="info-panel" aria-label={t('customer.info.title')}>
      <header className="info__header">
        <h2>{t('customer.info.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} data-testid="info-close">
          <CloseIcon />
        </button>
      </header>
      <div className="info__scroll">
        {error && <p className="form-error">{error}</p>}
        {!info && !error && <p className="muted section-empty">{t('app.loading')}</p>}
        {info && (
          <>
            <section className="info__card">
              <div className="info__who">
                <Avatar name={customer?.name || conversation.title || '?'} size="lg" />
                <div>
                  <strong>{customer?.name || conversation.title || t('customer.anonymous')}</strong>
                  {conversation.channel && (
                    <span className="info__channel">
                      <ChannelIcon channel={conversation.channel} size={14} />
                      {t(`channels.${conversation.channel}`)}
                    </span>
                  )}
                  {customer?.blocked && <span className="pill pill--danger">{t('customer.info.blockedPill')}</span>}
                </div>
              </div>
              {conversation.account && <AccountDetails account={conversation.account} />}
              {info.identities.length > 0 && (
                <div className="info__identities">
                  <h3 className="info__label">{t('customer.info.identities')}</h3>
                  <Identities identities={info.identities} />
                </div>
              )}
              {customer && (
                <dl className="info__details">
                  <Row label={t('customer.info.email')} value={customer.email} />
                  <Row label={t('customer.info.phone')} value={customer.phone}>
                    <CallNumber number={customer.phone} testId="customer-call" />
                  </Row>
                  {customer.channel === 'livechat' && <Row label={t('customer.info.ip')} value={customer.ip} />}
                  <Row label={t('customer.info.firstSeen')} value={formatDateTime(customer.firstSeenAt, i18n.language)} />
                  <Row label={t('customer.info.blocked')} value={customer.blocked ? t('customer.info.yes') : t('customer.info.no')} />
                </dl>
              )}
              <div className="info__actions">
                {can.email && (
                  <button
                    type="button"
                    className={`button button--small${emailing ? ' is-on' : ''}`}
                    onClick={() => setEmailing((v) => !v)}
                    disabled={!hasEmail}
                    title={hasEmail ? undefined : t('customer.info.noEmail')}
                    data-testid="info-email"
                  >
                    <MailIcon />
                    {t('customer.info.emailButton')}
                  </button>
                )}
                <button type="button" className="button button--small" onClick={add} disabled={adding || added} data-testid="info-add">
                  <ContactsIcon />
                  {added ? t('customer.info.addedShort') : t('customer.info.add')}
                </button>
                {can.merge && customer && (
                  <Button small icon={<UsersPlusIcon />} onClick={() => setMerging(true)} testId="info-merge">
                    {t('merge.button')}
                  </Button>
                )}
              </div>
              {!hasEmail && can.email && (
                <p className="muted info__hint" data-testid="info-no-email">
                  {t('customer.info.noEmail')}
                </p>
              )}
              {added && (
                <p className="notice" data-testid="info-added">
                  {t('customer.info.added')}
                </p>
              )}
              {addError && (
                <p className="form-error" role="alert" data-testid="info-add-error">
                  {addError}
                </p>
              )}
              {emailing && hasEmail && <EmailForm conversationId={conversation.id} onDone={() => setEmailing(false)} />}
              {merging && customer && (
                <MergeDialog
                  conversationId={conversation.id}
                  customerId={customer.id}
                  customerName={customer.name || conversation.title || t('customer.anonymous')}
                  onClose={() => setMerging(false)}
                />
              )}
            </section>

            <section>
              <h3 className="section-title">{t('customer.info.participants')}</h3>
              {info.participants.length === 0 ? (
                <p className="muted section-empty">{t('customer.info.noParticipants')}</p>
              ) : (
                <ul className="info__people">
                  {info.participants.map((p) => (
                    <li key={p.id}>
                      <Avatar name={p.name} size="sm" />
                      <span>
                        <strong>{p.name}</strong>
                        <span className="muted">
                          {t('team.extension', { extension: p.extension })} · {t(`customer.roles.${p.role}`, { defaultValue: p.role })}
                        </span>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section>
              <h3 className="section-title">{t('customer.info.sessions')}</h3>
              <ol className="info__sessions">
                {[...info.sessions].reverse().map((s) => (
                  <li key={s.id}>
                    <span className={`session-dot${s.closedAt === null ? ' is-open' : ''}`} aria-hidden="true" />
                    <div>
                      <strong>{formatDateTime(s.openedAt, i18n.language)}</strong>
                      <span className="muted">
                        {s.closedAt === null
                          ? t('customer.info.sessionOpen')
                          : t('customer.info.sessionClosed', {
                              time: formatDateTime(s.closedAt, i18n.language),
                              reason: t(`customer.closeReasons.${s.closeReason ?? 'ended'}`),
                            })}
                      </span>
                      <span className="muted">{s.takenBy ? t('customer.info.takenBy', { name: s.takenBy.name }) : t('customer.info.notTaken')}</span>
                    </div>
                  </li>
                ))}
              </ol>
            </section>

            <section>
              <h3 className="section-title">
                {t('customer.info.history')}
                <span className="section-title__count">{info.messages.length}</span>
              </h3>
              <ol className="info__history" data-testid="info-history">
                {info.messages.map((m, i) => (
                  <HistoryLine key={m.id} message={m} previous={info.messages[i - 1]} />
                ))}
              </ol>
            </section>
          </>
        )}
      </div>
    </aside>
  );
}
