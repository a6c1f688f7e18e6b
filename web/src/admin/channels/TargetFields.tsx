import { useTranslation } from 'react-i18next';
import type { ChannelTarget, Queue, User } from '@switchboard/protocol';

interface Props {
  target: ChannelTarget;
  queues: readonly Queue[];
  users: readonly User[];
  onChange: (target: ChannelTarget) => void;
}

/** Where a channel's new chats go: a queue, or one colleague's extension. */
export function TargetFields({ target, queues, users, onChange }: Props) {
  const { t } = useTranslation();
  const setType = (type: ChannelTarget['type']) => onChange(type === 'queue' ? { type, queueId: queues[0]?.id ?? 0 } : { type, userId: users[0]?.id ?? 0 });
  return (
    <div className="field-row">
      <label className="field">
        <span>{t('admin.widgets.target')}</span>
        <select value={target.type} onChange={(e) => setType(e.target.value as ChannelTarget['type'])} data-testid="widget-target-type">
          <option value="queue" disabled={queues.length === 0}>
            {t('admin.widgets.targets.queue')}
          </option>
          <option value="extension">{t('admin.widgets.targets.extension')}</option>
        </select>
      </label>
      {target.type === 'queue' ? (
        <label className="field">
          <span>{t('admin.widgets.queue')}</span>
          <select value={target.queueId} onChange={(e) => onChange({ type: 'queue', queueId: Number(e.target.value) })} data-testid="widget-target-queue">
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.number} · {q.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="field">
          <span>{t('admin.widgets.extension')}</span>
          <select value={target.userId} onChange={(e) => onChange({ type: 'extension', userId: Number(e.target.value) })} data-testid="widget-target-user">
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.extension} · {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** The target as the list shows it: "800 · Support" or "201 · Anna". */
export function targetLabel(target: ChannelTarget, queues: readonly Queue[], users: readonly User[]): string {
  if (target.type === 'queue') {
    const q = queues.find((x) => x.id === target.queueId);
    return q ? `${q.number} · ${q.name}` : '';
  }
  const u = users.find((x) => x.id === target.userId);
  return u ? `${u.extension} · ${u.name}` : '';
}
