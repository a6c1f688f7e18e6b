import { useTranslation } from 'react-i18next';
import { ADMIN_TABS, MANAGER_TABS, navigate, type AdminTab } from '../app/route';
import { UsersAdmin } from './UsersAdmin';
import { GroupsAdmin } from './GroupsAdmin';
import { TabBar } from '../ui/TabBar';
import './admin.css';

import { QueuesAdmin } from './QueuesAdmin';
import { ChannelsAdmin } from './ChannelsAdmin';
import { BlocksAdmin } from './BlocksAdmin';
import { TemplatesAdmin } from '../templates/TemplatesAdmin';
import { CallsAdmin } from './CallsAdmin';

const TABS: readonly AdminTab[] = ADMIN_TABS;

export function AdminView({ tab, isAdmin = true }: { tab: AdminTab; isAdmin?: boolean }) {
  const { t } = useTranslation();
  const tabs = isAdmin ? TABS : MANAGER_TABS;
  return (
    <div className="page admin">
      <TabBar
        tabs={tabs}
        active={tab}
        label={(name) => t(`admin.tabs.${name}`)}
        onSelect={(name) => navigate({ view: 'admin', tab: name })}
        testIdPrefix="admin-tab-"
      />
      {tab === 'users' && <UsersAdmin />}
      {tab === 'groups' && <GroupsAdmin />}
      {tab === 'queues' && <QueuesAdmin />}
      {tab === 'channels' && <ChannelsAdmin />}
      {tab === 'blocks' && <BlocksAdmin />}
      {tab === 'templates' && <TemplatesAdmin />}
      {tab === 'calls' && <CallsAdmin />}
    </div>
  );
}
