import { useTranslation } from 'react-i18next';
import { ADMIN_TABS, MANAGER_TABS, navigate, type AdminTab } from '../app/route';
import { UsersAdmin } from './UsersAdmin';
import { GroupsAdmin } from './GroupsAdmin';
import './admin.css';

import { QueuesAdmin } from './QueuesAdmin';
import { WidgetsAdmin } from './WidgetsAdmin';
import { BlocksAdmin } from './BlocksAdmin';
import { TemplatesAdmin } from '../templates/TemplatesAdmin';

const TABS: readonly AdminTab[] = ADMIN_TABS;

export function AdminView({ tab, isAdmin = true }: { tab: AdminTab; isAdmin?: boolean }) {
  const { t } = useTranslation();
  const tabs = isAdmin ? TABS : MANAGER_TABS;
  return (
    <div className="page admin">
      <div className="tabs" role="tablist">
        {tabs.map((name) => (
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
      {tab === 'templates' && <TemplatesAdmin />}
    </div>
  );
}
