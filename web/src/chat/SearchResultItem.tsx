import { useTranslation } from 'react-i18next';
import type { SearchUser } from '../lib/types';
import { usePresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';

export function SearchResultItem({ user, onSelect }: { user: SearchUser; onSelect: (user: SearchUser) => void }) {
  const { t } = useTranslation();
  const presence = usePresence(user.id, user.presence);
  return (
    <li>
      <button type="button" className="recent" onClick={() => onSelect(user)} data-testid="search-result" data-user-id={user.id}>
        <Avatar name={user.name} presence={presence} />
        <span className="recent__body">
          <span className="recent__line">
            <span className="recent__title">{user.name}</span>
          </span>
          <span className="recent__line">
            <span className="recent__preview">
              {t('team.extension', { extension: user.extension })} · {t(`presence.${presence}`)}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}
