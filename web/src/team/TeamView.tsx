import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamGroup, TeamMember, TeamView as Team } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useStore } from '../lib/store';
import { currentUser } from '../auth/session';
import { openDirectChat } from '../chat/actions';
import { syncEpochStore } from '../realtime/sync';
import { errorText } from '../app/errorText';
import { EmptyState } from '../ui/EmptyState';
import { BookIcon, SearchIcon, TeamIcon } from '../ui/icons';
import { setPresences } from './presenceStore';
import { MemberRow } from './MemberRow';
import { TeamContacts } from './TeamContacts';
import './team.css';

const CONTACTS_KEY = 'sb.team.showContacts';

function byFavouriteThenName(a: TeamMember, b: TeamMember): number {
  if (a.favourite !== b.favourite) return a.favourite ? -1 : 1;
  return a.name.localeCompare(b.name);
}

function matches(member: TeamMember, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  return !q || member.name.toLowerCase().includes(q) || member.extension.includes(q);
}

export function TeamView() {
  const { t } = useTranslation();
  const me = currentUser().id;
  const epoch = useStore(syncEpochStore, (s) => s);
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const [groups, setGroups] = useState<readonly TeamGroup[]>([]);
  const [members, setMembers] = useState<readonly TeamMember[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState('');
  const [showContacts, setShowContacts] = useState(() => localStorage.getItem(CONTACTS_KEY) === '1');

  useEffect(() => {
    let current = true;
    api<Team>('GET', withQuery('/api/team', { groupId }))
      .then((team) => {
        if (!current) return;
        setPresences(team.members);
        setMembers(team.members.filter((m) => m.id !== me));
        if (groupId === undefined || team.groups.length > 0) setGroups(team.groups);
        setError('');
      })
      .catch((err: unknown) => current && setError(errorText(err, t)));
    return () => {
      current = false;
    };
  }, [groupId, epoch, me, t]);

  const shown = useMemo(() => (members ?? []).filter((m) => matches(m, filter)).sort(byFavouriteThenName), [members, filter]);

  const toggleFavourite = (member: TeamMember) => {
    const favourite = !member.favourite;
    const update = (value: boolean) => setMembers((list) => list && list.map((m) => (m.id === member.id ? { ...m, favourite: value } : m)));
    update(favourite);
    api(favourite ? 'PUT' : 'DELETE', `/api/team/favourites/${member.id}`).catch((err: unknown) => {
      update(!favourite);
      setError(errorText(err, t));
    });
  };

  const open = (member: TeamMember) => {
    openDirectChat(member.id).catch((err: unknown) => setError(errorText(err, t)));
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
          <select value={groupId ?? ''} onChange={(e) => setGroupId(e.target.value ? Number(e.target.value) : undefined)} data-testid="view-select">
            <option value="">{t('team.allGroups')}</option>
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
        <section aria-label={t('team.members')}>
          <h2 className="section-title">
            {t('team.members')}
            {members && <span className="section-title__count">{shown.length}</span>}
          </h2>
          {members === null ? (
            <p className="muted page__loading">{t('app.loading')}</p>
          ) : shown.length === 0 ? (
            <EmptyState icon={<TeamIcon />} title={filter ? t('team.noMatch') : t('team.empty')} hint={filter ? t('team.noMatchHint') : t('team.emptyHint')} />
          ) : (
            <ul className="member-list">
              {shown.map((m) => (
                <MemberRow key={m.id} member={m} onOpen={open} onToggleFavourite={toggleFavourite} />
              ))}
            </ul>
          )}
        </section>
        {showContacts && <TeamContacts filter={filter} />}
      </div>
    </div>
  );
}
