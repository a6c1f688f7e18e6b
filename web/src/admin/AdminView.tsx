import { useTranslation } from 'react-i18next';
import { ADMIN_TABS, navigate, type AdminTab } from '../app/route';
import { UsersAdmin } from './UsersAdmin';
import { GroupsAdmin } from './GroupsAdmin';
import './admin.css';

import { QueuesAdmin } from './QueuesAdmin';
import { WidgetsAdmin } from './WidgetsAdmin';
import { BlocksAdmin } from './BlocksAdmin';

const TABS: readonly AdminTab[] = ADMIN_TABS;

export function AdminView({ tab }: { tab: AdminTab }) {
  const { t } = useTranslation();
  return (
    <div className="page admin">
      <div className="tabs" role="tablist">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`tabs__tab${tab === name ? ' is-active' : ''}`}
            onClick={() => navigate({ view: 'admin', tab: name })}
            data-testid={`admin-tab-${name}`}
          >
            {t(`admin.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'users' && <UsersAdmin />}
      {tab === 'groups' && <GroupsAdmin />}
      {tab === 'queues' && <QueuesAdmin />}
      {tab === 'widgets' && <WidgetsAdmin />}
      {tab === 'blocks' && <BlocksAdmin />}
    </div>
  );
}
