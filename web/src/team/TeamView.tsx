import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '@switchboard/protocol';
import { api } from '../lib/api';
import { currentUser } from '../auth/session';
import { openDirectChat } from '../chat/actions';
import { errorText } from '../app/errorText';
import { EmptyState } from '../ui/EmptyState';
import { BookIcon, SearchIcon, StarIcon, TeamIcon } from '../ui/icons';
import { setPresences } from './presenceStore';
import { MemberRow } from './MemberRow';
import { TeamContacts } from './TeamContacts';
import { updateTeamMember, useTeam } from './teamQueries';
import './team.css';

const CONTACTS_KEY = 'sb.team.showContacts';

const byName = (a: TeamMember, b: TeamMember) => a.name.localeCompare(b.name);

/** The View drop-down: all my groups (''), my favourites, or one group (its id). */
type View = '' | 'favourites' | number;
const FAVOURITES = 'favourites';

function matches(member: TeamMember, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  return !q || member.name.toLowerCase().includes(q) || member.extension.includes(q);
}

export function TeamView() {
  const { t } = useTranslation();
  const me = currentUser().id;
  const [view, setView] = useState<View>('');
  // Favourites are colleagues from my groups: that view filters the all-groups list.
  const groupId = typeof view === 'number' ? view : undefined;
  const all = useTeam(undefined);
  const team = useTeam(groupId);
  // The drop-down lists all my groups, whichever one is shown.
  const groups = all.data?.groups ?? [];
  const members = useMemo(() => team.data?.members.filter((m) => m.id !== me) ?? null, [team.data, me]);
  const [filter, setFilter] = useState('');
  const [actionError, setActionError] = useState('');
  const error = actionError || (team.isError ? errorText(team.error, t) : '');
  const [showContacts, setShowContacts] = useState(() => localStorage.getItem(CONTACTS_KEY) === '1');

  // The fetched list also tells presence: the presence store keeps it live from then on.
  useEffect(() => {
    if (team.data) setPresences(team.data.members);
  }, [team.data]);

  const shown = useMemo(() => (members ?? []).filter((m) => matches(m, filter)).sort(byName), [members, filter]);
  const favourites = shown.filter((m) => m.favourite);
  const others = shown.filter((m) => !m.favourite);

  const toggleFavourite = (member: TeamMember) => {
    const favourite = !member.favourite;
    updateTeamMember(member.id, { favourite });
    api(favourite ? 'PUT' : 'DELETE', `/api/team/favourites/${member.id}`).catch((err: unknown) => {
      updateTeamMember(member.id, { favourite: !favourite });
      setActionError(errorText(err, t));
    });
  };

  const open = (member: TeamMember) => {
    openDirectChat(member.id).catch((err: unknown) => setActionError(errorText(err, t)));
  };

  const toggleContacts = () => {
    localStorage.setItem(CONTACTS_KEY, showContacts ? '0' : '1');
    setShowContacts(!showContacts);
  };

  return (
    <div className="page team">
      <div className="toolbar">
        <div className="search-field">
          <SearchIcon />
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('team.filter')} aria-label={t('team.filter')} />
        </div>
        <div className="toolbar__spacer" />
        <label className="inline-select">
          <span>{t('team.view')}</span>
          <select
            value={view}
            onChange={(e) => setView(e.target.value === FAVOURITES ? FAVOURITES : e.target.value ? Number(e.target.value) : '')}
            data-testid="view-select"
          >
            <option value="">{t('team.allGroups')}</option>
            <option value={FAVOURITES}>{t('team.favourites')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`button${showContacts ? ' is-on' : ''}`}
          aria-pressed={showContacts}
          onClick={toggleContacts}
          data-testid="contacts-toggle"
        >
          <BookIcon />
          <span>{t('team.contacts')}</span>
        </button>
      </div>
      {error && (
        <p className="form-error page__error" role="alert">
          {error}
        </p>
      )}
      <div className="page__scroll">
        {members === null ? (
          <p className="muted page__loading">{t('app.loading')}</p>
        ) : view === FAVOURITES ? (
          <MemberSection title={t('team.favourites')} members={favourites} testId="favourites-section" onOpen={open} onToggleFavourite={toggleFavourite}>
            <EmptyState
              icon={<StarIcon filled={false} />}
              title={filter ? t('team.noMatch') : t('team.noFavourites')}
              hint={filter ? t('team.noMatchHint') : t('team.noFavouritesHint')}
            />
          </MemberSection>
        ) : (
          <>
            {favourites.length > 0 && (
              <MemberSection title={t('team.favourites')} members={favourites} testId="favourites-section" onOpen={open} onToggleFavourite={toggleFavourite} />
            )}
            {(others.length > 0 || favourites.length === 0) && (
              <MemberSection title={t('team.members')} members={others} testId="members-section" onOpen={open} onToggleFavourite={toggleFavourite}>
                <EmptyState
                  icon={<TeamIcon />}
                  title={filter ? t('team.noMatch') : t('team.empty')}
                  hint={filter ? t('team.noMatchHint') : t('team.emptyHint')}
                />
              </MemberSection>
            )}
          </>
        )}
        {showContacts && <TeamContacts filter={filter} />}
      </div>
    </div>
  );
}

interface SectionProps {
  title: string;
  members: readonly TeamMember[];
  testId: string;
  onOpen: (member: TeamMember) => void;
  onToggleFavourite: (member: TeamMember) => void;
  /** Shown instead of the list when it is empty. */
  children?: ReactNode;
}

function MemberSection({ title, members, testId, onOpen, onToggleFavourite, children }: SectionProps) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h2 className="section-title">
        {title}
        <span className="section-title__count">{members.length}</span>
      </h2>
      {members.length === 0 ? (
        children
      ) : (
        <ul className="member-list">
          {members.map((m) => (
            <MemberRow key={m.id} member={m} onOpen={onOpen} onToggleFavourite={onToggleFavourite} />
          ))}
        </ul>
      )}
    </section>
  );
}
