import { useTranslation } from 'react-i18next';
import { useDebounced } from '../lib/useDebounced';
import { useContacts } from '../contacts/contactQueries';
import { navigate } from '../app/route';
import { Avatar } from '../ui/Avatar';
import { MailIcon, PhoneIcon } from '../ui/icons';
import { CallNumber } from '../phone/CallNumber';

/** My personal contacts, listed under the team members when the Contacts toggle is on. */
export function TeamContacts({ filter }: { filter: string }) {
  const { t } = useTranslation();
  const q = useDebounced(filter.trim(), 250);
  const list = useContacts(q);
  const contacts = list.data?.contacts ?? null;
  const error = list.error;

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
                  <CallNumber number={c.phones[0]} testId="team-contact-call">
                    <PhoneIcon /> {c.phones[0]}
                  </CallNumber>
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
