import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '@switchboard/protocol';
import { api } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import { Avatar } from '../ui/Avatar';
import { EmptyState } from '../ui/EmptyState';
import { SplitPane } from '../ui/SplitPane';
import { ContactsIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { ContactDetails } from './ContactDetails';
import { ContactForm } from './ContactForm';
import { useContacts } from './contactQueries';
import './contacts.css';

type Panel = { mode: 'none' } | { mode: 'view'; id: number } | { mode: 'edit'; id: number } | { mode: 'create' };

export function ContactsView() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const list = useContacts(q);
  const contacts = list.data?.contacts ?? null;
  const error = list.error;
  const client = useQueryClient();
  const [panel, setPanel] = useState<Panel>({ mode: 'none' });

  const selected = panel.mode === 'view' || panel.mode === 'edit' ? contacts?.find((c) => c.id === panel.id) : undefined;

  const save = async (input: ContactInput) => {
    const saved = panel.mode === 'edit' ? await api<Contact>('PUT', `/api/contacts/${panel.id}`, input) : await api<Contact>('POST', '/api/contacts', input);
    list.update((l) => ({ ...l, contacts: [...l.contacts.filter((c) => c.id !== saved.id), saved] }));
    // Other searches (and the Team view's list) fetch again when shown.
    void client.invalidateQueries({ queryKey: ['contacts'], refetchType: 'none' });
    setPanel({ mode: 'view', id: saved.id });
  };

  const remove = async (contact: Contact) => {
    await api('DELETE', `/api/contacts/${contact.id}`);
    list.update((l) => ({ ...l, contacts: l.contacts.filter((c) => c.id !== contact.id) }));
    void client.invalidateQueries({ queryKey: ['contacts'], refetchType: 'none' });
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
