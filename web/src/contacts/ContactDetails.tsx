import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { MailIcon, PhoneIcon } from '../ui/icons';
import { Button } from '../ui/Button';
import { useStartableChannels } from '../chat/queries';
import { StartSmsDialog } from '../chat/StartSmsDialog';
import { useCallHrefFor } from '../phone/callLink';

interface Props {
  contact: Contact;
  onEdit: () => void;
  onDelete: (contact: Contact) => Promise<void>;
}

export function ContactDetails({ contact, onEdit, onDelete }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  // Send an SMS to one of the numbers, where an SMS account lets me start chats.
  const smsAccounts = useStartableChannels('sms').data ?? [];
  const [texting, setTexting] = useState<string | null>(null);
  const callHref = useCallHrefFor();

  const remove = () => {
    onDelete(contact).catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <div className="contact-card" data-testid="contact-details">
      <header className="contact-card__header">
        <Avatar name={contact.name} size="lg" />
        <div>
          <h2>{contact.name}</h2>
          <p className="muted">{contact.company || t('contacts.noCompany')}</p>
        </div>
        <div className="contact-card__actions">
          <button type="button" className="button" onClick={onEdit} data-testid="contact-edit">
            {t('common.edit')}
          </button>
          {confirming ? (
            <>
              <button type="button" className="button button--danger" onClick={remove} data-testid="contact-delete-confirm">
                {t('contacts.confirmDelete')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--danger-ghost" onClick={() => setConfirming(true)} data-testid="contact-delete">
              {t('common.delete')}
            </button>
          )}
        </div>
      </header>
      {error && <p className="form-error">{error}</p>}
      <dl className="contact-card__fields">
        <dt>{t('contacts.phones')}</dt>
        <dd>
          {contact.phones.length === 0 && <span className="muted">{t('contacts.none')}</span>}
          {contact.phones.map((p) => (
            <span key={p} className="contact-card__phone">
              <a href={callHref(p)} data-testid="contact-call">
                <PhoneIcon /> {p}
              </a>
              {smsAccounts.length > 0 && (
                <Button variant="link" onClick={() => setTexting(p)} testId="contact-sms">
                  {t('phone.sms')}
                </Button>
              )}
            </span>
          ))}
        </dd>
        <dt>{t('contacts.emails')}</dt>
        <dd>
          {contact.emails.length === 0 && <span className="muted">{t('contacts.none')}</span>}
          {contact.emails.map((e) => (
            <a key={e} href={`mailto:${e}`}>
              <MailIcon /> {e}
            </a>
          ))}
        </dd>
      </dl>
      {texting !== null && <StartSmsDialog accounts={smsAccounts} phone={texting} onClose={() => setTexting(null)} />}
    </div>
  );
}
