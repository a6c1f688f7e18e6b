import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import { upsertById } from '../lib/list';
import { ChannelIcon } from '../ui/ChannelIcon';
import { EmptyState } from '../ui/EmptyState';
import { PlusIcon, WidgetIcon } from '../ui/icons';
import { SplitPane } from '../ui/SplitPane';
import { ChannelForm } from './channels/ChannelForm';
import { ChannelTypePicker, type EditableType } from './channels/ChannelTypePicker';
import { targetLabel } from './channels/TargetFields';
import { SplitAdminItem, SplitAdminList } from './SplitAdminList';
import { useAdminChannels, useAdminQueues, useAdminUsers } from './adminQueries';
import './channels/channels.css';

type Selection = { mode: 'new'; type: EditableType | null } | { mode: 'edit'; id: number } | null;

/** Admin › Channels: every way customers reach us (website widgets, WhatsApp numbers), one editor per kind. */
export function ChannelsAdmin() {
  const { t } = useTranslation();
  const loadedChannels = useAdminChannels();
  const loadedQueues = useAdminQueues();
  const loadedUsers = useAdminUsers();
  const channels = loadedChannels.list;
  const queues = loadedQueues.list ?? [];
  const users = useMemo(() => (loadedUsers.list ?? []).filter((x) => !x.disabled).sort((a, b) => a.name.localeCompare(b.name)), [loadedUsers.list]);
  const error = loadedChannels.error || loadedQueues.error || loadedUsers.error;
  // Until one is picked, the first account shows.
  const [chosen, setSelection] = useState<Selection | undefined>(undefined);
  const selection: Selection = chosen !== undefined ? chosen : channels?.[0] ? { mode: 'edit', id: channels[0].id } : null;
  /** Phones: the editor was asked for (an item or Add picked), else the list shows. */
  const [picked, setPicked] = useState(false);

  const selected = selection?.mode === 'edit' ? channels?.find((c) => c.id === selection.id) : undefined;
  const pick = (next: Selection) => {
    setSelection(next);
    setPicked(next !== null);
  };
  const saved = (c: ChannelAccount) => {
    loadedChannels.update((list) => upsertById(list, c));
    setSelection({ mode: 'edit', id: c.id });
  };
  const formProps = { queues, users, onSaved: saved, onCancel: () => pick(null) };

  return (
    <SplitPane
      block="split-admin"
      detailOpen={picked}
      onBack={() => setPicked(false)}
      backTestId="admin-back"
      list={
        <>
          <button
            type="button"
            className="button button--primary button--block"
            onClick={() => pick({ mode: 'new', type: null })}
            data-testid="admin-channel-new"
          >
            <PlusIcon />
            {t('admin.channels.new')}
          </button>
          {error && <p className="form-error">{error}</p>}
          <SplitAdminList items={channels} emptyText={t('admin.channels.empty')}>
            {(c) => (
              <SplitAdminItem
                active={selected?.id === c.id}
                onSelect={() => pick({ mode: 'edit', id: c.id })}
                testId="admin-channel-item"
                data={{ 'data-channel-id': c.id, 'data-channel-type': c.type }}
              >
                <ChannelIcon channel={c.type} size={22} />
                <span className="split-admin__label">
                  <strong>{c.name}</strong>
                  <span className="muted channel-item__where">
                    {t(`admin.channels.types.${c.type}`)} → {targetLabel(c.target, queues, users)}
                  </span>
                </span>
              </SplitAdminItem>
            )}
          </SplitAdminList>
        </>
      }
      detail={
        selection?.mode === 'new' ? (
          selection.type === null ? (
            <ChannelTypePicker onPick={(type) => setSelection({ mode: 'new', type })} onCancel={() => pick(null)} />
          ) : (
            <ChannelForm key={`new-${selection.type}`} type={selection.type} account={null} onDeleted={() => undefined} {...formProps} />
          )
        ) : selected ? (
          <ChannelForm
            key={selected.id}
            type={selected.type}
            account={selected}
            onDeleted={(id) => {
              loadedChannels.update((list) => list.filter((c) => c.id !== id));
              pick(null);
            }}
            {...formProps}
          />
        ) : (
          <EmptyState icon={<WidgetIcon />} title={t('admin.channels.pickTitle')} hint={t('admin.channels.pickHint')} />
        )
      }
    />
  );
}
