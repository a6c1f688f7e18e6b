import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import type { ContactListResponse } from '../lib/types';
import { errorText } from '../app/errorText';
import { navigate } from '../app/route';
import { Avatar } from '../ui/Avatar';
import { MailIcon, PhoneIcon } from '../ui/icons';

/** My personal contacts, listed under the team members when the Contacts toggle is on. */
export function TeamContacts({ filter }: { filter: string }) {
  const { t } = useTranslation();
  const q = useDebounced(filter.trim(), 250);
  const [contacts, setContacts] = useState<readonly Contact[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    api<ContactListResponse>('GET', withQuery('/api/contacts', { q }))
      .then((list) => current && setContacts(list.contacts))
      .catch((err: unknown) => current && setError(errorText(err, t)));
    return () => {
      current = false;
    };
  }, [q, t]);

  return (
    <section aria-label={t('team.myContacts')} data-testid="team-contacts">
      <h2 className="section-title">
        {t('team.myContacts')}
        {contacts && <span className="section-title__count">{contacts.length}</span>}
      </h2>
      {error && <p className="form-error">{error}</p>}
      {contacts && contacts.length === 0 && (
        <p className="muted section-empty">
          {q ? t('team.noContactsMatch') : t('team.noContacts')}{' '}
          <button type="button" className="link-button" onClick={() => navigate({ view: 'contacts' })}>
            {t('team.manageContacts')}
          </button>
        </p>
      )}
      {contacts && contacts.length > 0 && (
        <ul className="member-list">
          {contacts.map((c) => (
            <li key={c.id} className="member member--contact" data-testid="team-contact">
              <div className="member__open">
                <Avatar name={c.name} />
                <span className="member__text">
                  <span className="member__name">{c.name}</span>
                  <span className="member__meta">{c.company || t('contacts.noCompany')}</span>
                </span>
              </div>
              <span className="member__details">
                {c.phones[0] && (
                  <span>
                    <PhoneIcon /> {c.phones[0]}
                  </span>
                )}
                {c.emails[0] && (
                  <span>
                    <MailIcon /> {c.emails[0]}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
