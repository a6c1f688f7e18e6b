import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { CloseIcon, PlusIcon } from '../ui/icons';

interface Props {
  contact?: Contact;
  /** Prefills a new contact (e.g. a phone number from a message). */
  initial?: Partial<ContactInput>;
  onSave: (input: ContactInput) => Promise<void>;
  onCancel: () => void;
}

function ListField({
  label,
  values,
  type,
  onChange,
  testId,
}: {
  label: string;
  values: string[];
  type: 'tel' | 'email';
  onChange: (values: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="list-field">
      <legend>{label}</legend>
      {values.map((value, i) => (
        <div className="list-field__row" key={i}>
          <input
            type={type}
            value={value}
            onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
            aria-label={label}
            data-testid={testId}
          />
          <button type="button" className="icon-button" onClick={() => onChange(values.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
            <CloseIcon />
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => onChange([...values, ''])} data-testid={`${testId}-add`}>
        <PlusIcon /> {t('contacts.add')}
      </button>
    </fieldset>
  );
}

export function ContactForm({ contact, initial, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const start = contact ?? { name: '', company: '', phones: [], emails: [], ...initial };
  const [name, setName] = useState(start.name ?? '');
  const [company, setCompany] = useState(start.company ?? '');
  const [phones, setPhones] = useState<string[]>(start.phones?.length ? start.phones : ['']);
  const [emails, setEmails] = useState<string[]>(start.emails?.length ? start.emails : ['']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean = (values: string[]) => values.map((v) => v.trim()).filter(Boolean);
    setBusy(true);
    setError('');
    onSave({ name: name.trim(), company: company.trim(), phones: clean(phones), emails: clean(emails) }).catch((err: unknown) => {
      setError(errorText(err, t));
      setBusy(false);
    });
  };

  return (
    <form className="contact-card contact-form" onSubmit={submit} data-testid="contact-form">
      <h2>{contact ? t('contacts.editTitle') : t('contacts.newTitle')}</h2>
      <label className="field">
        <span>{t('contacts.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus data-testid="contact-name" />
      </label>
      <label className="field">
        <span>{t('contacts.company')}</span>
        <input value={company} onChange={(e) => setCompany(e.target.value)} maxLength={200} data-testid="contact-company" />
      </label>
      <ListField label={t('contacts.phones')} values={phones} type="tel" onChange={setPhones} testId="contact-phone" />
      <ListField label={t('contacts.emails')} values={emails} type="email" onChange={setEmails} testId="contact-email" />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="contact-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
