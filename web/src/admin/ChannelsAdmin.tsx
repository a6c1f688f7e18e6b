import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccount, Queue, User } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { api } from '../lib/api';
import { upsertById } from '../lib/list';
import type { ChannelAccountListResponse, QueueListResponse, UserListResponse } from '../lib/types';
import { ChannelIcon } from '../ui/ChannelIcon';
import { EmptyState } from '../ui/EmptyState';
import { PlusIcon, WidgetIcon } from '../ui/icons';
import { SplitPane } from '../ui/SplitPane';
import { ChannelForm } from './channels/ChannelForm';
import { ChannelTypePicker, type EditableType } from './channels/ChannelTypePicker';
import { targetLabel } from './channels/TargetFields';
import { SplitAdminItem, SplitAdminList } from './SplitAdminList';
import './channels/channels.css';

type Selection = { mode: 'new'; type: EditableType | null } | { mode: 'edit'; id: number } | null;

/** Admin › Channels: every way customers reach us (website widgets, WhatsApp numbers), one editor per kind. */
export function ChannelsAdmin() {
  const { t } = useTranslation();
  const [channels, setChannels] = useState<readonly ChannelAccount[] | null>(null);
  const [queues, setQueues] = useState<readonly Queue[]>([]);
  const [users, setUsers] = useState<readonly User[]>([]);
  const [selection, setSelection] = useState<Selection>(null);
  /** Phones: the editor was asked for (an item or Add picked), else the list shows. */
  const [picked, setPicked] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([
      api<ChannelAccountListResponse>('GET', '/api/admin/channels'),
      api<QueueListResponse>('GET', '/api/admin/queues'),
      api<UserListResponse>('GET', '/api/admin/users'),
    ])
      .then(([c, q, u]) => {
        setChannels(c.channels);
        setQueues(q.queues);
        setUsers(u.users.filter((x) => !x.disabled).sort((a, b) => a.name.localeCompare(b.name)));
        setSelection((s) => s ?? (c.channels[0] ? { mode: 'edit', id: c.channels[0].id } : null));
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [t]);

  const selected = selection?.mode === 'edit' ? channels?.find((c) => c.id === selection.id) : undefined;
  const pick = (next: Selection) => {
    setSelection(next);
    setPicked(next !== null);
  };
  const saved = (c: ChannelAccount) => {
    setChannels((list) => upsertById(list, c));
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
              setChannels((list) => list && list.filter((c) => c.id !== id));
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
