import { useDismissable } from '../ui/useDismissable';
import { useTranslation } from 'react-i18next';
import type { PresenceStatus, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import { logout } from '../auth/session';
import { setMyPresence, useMyPresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';
import { LogoutIcon } from '../ui/icons';
import { LanguageSelect } from './LanguageSelect';
import { navigate } from './route';

const STATUSES: PresenceStatus[] = ['available', 'away', 'dnd'];

function PresenceSelect() {
  const { t } = useTranslation();
  const mine = useMyPresence();

  const change = (status: PresenceStatus) => {
    const previous = mine;
    setMyPresence(status);
    api('PUT', '/api/me/presence', { status }).catch(() => setMyPresence(previous));
  };

  return (
    <label className={`presence-select presence-select--${mine}`}>
      <span className="visually-hidden">{t('presence.label')}</span>
      <select value={mine} onChange={(e) => change(e.target.value as PresenceStatus)} data-testid="presence-select">
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`presence.${status}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const mine = useMyPresence();
  const { open, setOpen, root } = useDismissable<HTMLDivElement>();

  return (
    <div className="user-menu" ref={root}>
      <button type="button" className="user-menu__button" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-haspopup="true" data-testid="user-menu">
        <Avatar name={user.name} size="sm" presence={mine} />
        <span className="user-menu__name">{user.name}</span>
      </button>
      {open && (
        <div className="user-menu__popover" role="menu">
          <div className="user-menu__profile">
            <Avatar name={user.name} size="lg" />
            <div>
              <strong>{user.name}</strong>
              <span>{user.email}</span>
              <span>
                {t('team.extension', { extension: user.extension })} · {t(`roles.${user.role}`)}
              </span>
            </div>
          </div>
          <div className="user-menu__section">
            <LanguageSelect />
          </div>
          <div className="user-menu__section">
            <button
              type="button"
              className="menu__item"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                navigate({ view: 'settings', tab: 'account' });
              }}
              data-testid="my-account"
            >
              {t('account.title')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function TopBar({ user, title }: { user: User; title: string }) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <h1 className="top-bar__title">{title}</h1>
      <div className="top-bar__actions">
        <PresenceSelect />
        <UserMenu user={user} />
        <button type="button" className="button button--ghost" onClick={() => void logout()} data-testid="logout">
          <LogoutIcon />
          <span>{t('auth.logout')}</span>
        </button>
      </div>
    </header>
  );
}
