import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue } from '@switchboard/protocol';
import { EmptyState } from '../ui/EmptyState';
import { PlusIcon, QueueIcon } from '../ui/icons';
import { QueueEditor } from './QueueEditor';
import { SplitAdminItem, SplitAdminList } from './SplitAdminList';
import { SplitPane } from '../ui/SplitPane';
import { upsertById } from '../lib/list';
import { useAdminQueues, useAdminUsers } from './adminQueries';

type Selection = { mode: 'new' } | { mode: 'edit'; id: number } | null;

export function QueuesAdmin() {
  const { t } = useTranslation();
  const loadedQueues = useAdminQueues();
  const loadedUsers = useAdminUsers();
  const queues = loadedQueues.list;
  const users = useMemo(() => [...(loadedUsers.list ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [loadedUsers.list]);
  const error = loadedQueues.error || loadedUsers.error;
  // Until one is picked, the first queue shows.
  const [chosen, setSelection] = useState<Selection | undefined>(undefined);
  const selection: Selection = chosen !== undefined ? chosen : queues?.[0] ? { mode: 'edit', id: queues[0].id } : null;
  /** Phones: the editor was asked for (an item or New picked), else the list shows. */
  const [picked, setPicked] = useState(false);

  const sorted = [...(queues ?? [])].sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  const selected = selection?.mode === 'edit' ? queues?.find((q) => q.id === selection.id) : undefined;

  const pick = (next: Selection) => {
    setSelection(next);
    setPicked(next !== null);
  };

  const saved = (queue: Queue) => {
    loadedQueues.update((list) => upsertById(list, queue));
    setSelection({ mode: 'edit', id: queue.id });
  };

  return (
    <SplitPane
      block="split-admin"
      detailOpen={picked}
      onBack={() => setPicked(false)}
      backTestId="admin-back"
      list={
        <>
          <button type="button" className="button button--primary button--block" onClick={() => pick({ mode: 'new' })} data-testid="admin-queue-new">
            <PlusIcon />
            {t('admin.queues.new')}
          </button>
          {error && <p className="form-error">{error}</p>}
          <SplitAdminList items={queues === null ? null : sorted} emptyText={t('admin.queues.empty')}>
            {(q) => (
              <SplitAdminItem
                active={selected?.id === q.id}
                onSelect={() => pick({ mode: 'edit', id: q.id })}
                testId="admin-queue-item"
                data={{ 'data-queue-id': q.id }}
              >
                <span className="split-admin__number">{q.number}</span>
                <span className="split-admin__label">
                  <strong>{q.name}</strong>
                  <span className="muted">{t(`admin.queues.strategies.${q.strategy}`)}</span>
                </span>
                <span className="section-title__count" title={t('admin.queues.agents')}>
                  {q.agentIds.length}
                </span>
              </SplitAdminItem>
            )}
          </SplitAdminList>
        </>
      }
      detail={
        selection?.mode === 'new' ? (
          <QueueEditor key="new" queue={null} queues={queues ?? []} users={users} onSaved={saved} onDeleted={() => undefined} onCancel={() => pick(null)} />
        ) : selected ? (
          <QueueEditor
            key={selected.id}
            queue={selected}
            queues={queues ?? []}
            users={users}
            onSaved={saved}
            onDeleted={(id) => {
              loadedQueues.update((list) => list.filter((q) => q.id !== id));
              pick(null);
            }}
            onCancel={() => pick(null)}
          />
        ) : (
          <EmptyState icon={<QueueIcon />} title={t('admin.queues.pickTitle')} hint={t('admin.queues.pickHint')} />
        )
      }
    />
  );
}
