import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import type { ContactListResponse } from '../lib/types';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { EmptyState } from '../ui/EmptyState';
import { SplitPane } from '../ui/SplitPane';
import { ContactsIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { ContactDetails } from './ContactDetails';
import { ContactForm } from './ContactForm';
import './contacts.css';

type Panel = { mode: 'none' } | { mode: 'view'; id: number } | { mode: 'edit'; id: number } | { mode: 'create' };

export function ContactsView() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const [contacts, setContacts] = useState<readonly Contact[] | null>(null);
  const [panel, setPanel] = useState<Panel>({ mode: 'none' });
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    api<ContactListResponse>('GET', withQuery('/api/contacts', { q }))
      .then((list) => {
        if (!current) return;
        setContacts(list.contacts);
        setError('');
      })
      .catch((err: unknown) => current && setError(errorText(err, t)));
    return () => {
      current = false;
    };
  }, [q, t]);

  const selected = panel.mode === 'view' || panel.mode === 'edit' ? contacts?.find((c) => c.id === panel.id) : undefined;

  const save = async (input: ContactInput) => {
    const saved = panel.mode === 'edit' ? await api<Contact>('PUT', `/api/contacts/${panel.id}`, input) : await api<Contact>('POST', '/api/contacts', input);
    setContacts((list) => (list ? [...list.filter((c) => c.id !== saved.id), saved] : [saved]));
    setPanel({ mode: 'view', id: saved.id });
  };

  const remove = async (contact: Contact) => {
    await api('DELETE', `/api/contacts/${contact.id}`);
    setContacts((list) => list && list.filter((c) => c.id !== contact.id));
    setPanel({ mode: 'none' });
  };

  let detail: ReactNode;
  if (panel.mode === 'create') {
    detail = <ContactForm key="new" onSave={save} onCancel={() => setPanel({ mode: 'none' })} />;
  } else if (panel.mode === 'edit' && selected) {
    detail = <ContactForm key={selected.id} contact={selected} onSave={save} onCancel={() => setPanel({ mode: 'view', id: selected.id })} />;
  } else if (selected) {
    detail = <ContactDetails contact={selected} onEdit={() => setPanel({ mode: 'edit', id: selected.id })} onDelete={remove} />;
  } else {
    detail = (
      <EmptyState
        icon={<ContactsIcon />}
        title={t('contacts.pickTitle')}
        hint={t('contacts.pickHint')}
        action={
          <button type="button" className="button button--primary" onClick={() => setPanel({ mode: 'create' })}>
            <PlusIcon />
            {t('contacts.new')}
          </button>
        }
      />
    );
  }

  return (
    <SplitPane
      block="contacts"
      detailOpen={panel.mode !== 'none'}
      onBack={() => setPanel({ mode: 'none' })}
      backTestId="contacts-back"
      list={
        <>
          <div className="contacts__top">
            <div className="search-field">
              <SearchIcon />
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder={t('contacts.search')}
                aria-label={t('contacts.search')}
                data-testid="contacts-search"
              />
            </div>
            <button
              type="button"
              className="icon-button icon-button--bordered"
              onClick={() => setPanel({ mode: 'create' })}
              title={t('contacts.new')}
              aria-label={t('contacts.new')}
              data-testid="contact-new"
            >
              <PlusIcon />
            </button>
          </div>
          {error && <p className="form-error contacts__error">{error}</p>}
          <div className="contacts__scroll">
            {contacts === null ? (
              <p className="muted section-empty">{t('app.loading')}</p>
            ) : contacts.length === 0 ? (
              <EmptyState
                icon={<ContactsIcon />}
                title={q ? t('contacts.noMatch') : t('contacts.empty')}
                hint={q ? t('contacts.noMatchHint') : t('contacts.emptyHint')}
              />
            ) : (
              <ul className="recents">
                {[...contacts]
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((c) => (
                    <li key={c.id}>
                      <button
                        type="button"
                        className={`recent${selected?.id === c.id ? ' is-active' : ''}`}
                        onClick={() => setPanel({ mode: 'view', id: c.id })}
                        data-testid="contact-item"
                        data-contact-id={c.id}
                      >
                        <Avatar name={c.name} />
                        <span className="recent__body">
                          <span className="recent__title">{c.name}</span>
                          <span className="recent__preview">{c.company || c.phones[0] || c.emails[0] || ''}</span>
                        </span>
                      </button>
                    </li>
                  ))}
              </ul>
            )}
          </div>
        </>
      }
      detail={detail}
    />
  );
}
