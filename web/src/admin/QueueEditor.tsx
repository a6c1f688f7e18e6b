import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Destination, Queue, QueueInput, StrategyName, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { ConfirmDialog } from '../ui/Dialog';
import { EditorHead } from '../ui/EditorHead';
import { ArrowDownIcon, ArrowUpIcon, CloseIcon } from '../ui/icons';

export const STRATEGIES: readonly StrategyName[] = [
  'prioritized_hunt',
  'ring_all',
  'hunt_random_start',
  'next_agent',
  'longest_waiting',
  'least_talk_time',
  'fewest_answered',
  'hunt_by_threes',
  'first_3_available',
];

export const EMPTY_QUEUE: QueueInput = {
  number: '',
  name: '',
  strategy: 'ring_all',
  ringTimeSeconds: 20,
  maxWaitSeconds: 600,
  noAgentsDestination: { type: 'offline' },
  timeoutDestination: { type: 'offline' },
  agentIds: [],
  managerIds: [],
};

function DestinationField({
  label,
  value,
  onChange,
  queues,
  users,
  selfId,
  testId,
}: {
  label: string;
  value: Destination;
  onChange: (d: Destination) => void;
  queues: readonly Queue[];
  users: readonly User[];
  selfId: number | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const otherQueues = queues.filter((q) => q.id !== selfId);
  const setType = (type: Destination['type']) => {
    if (type === 'offline') onChange({ type });
    else if (type === 'queue') onChange({ type, queueId: otherQueues[0]?.id ?? 0 });
    else onChange({ type, userId: users[0]?.id ?? 0 });
  };
  return (
    <fieldset className="destination">
      <legend>{label}</legend>
      <div className="field-row">
        <label className="field">
          <span>{t('admin.queues.destinationType')}</span>
          <select value={value.type} onChange={(e) => setType(e.target.value as Destination['type'])} data-testid={`${testId}-type`}>
            <option value="offline">{t('admin.queues.destinations.offline')}</option>
            <option value="queue" disabled={otherQueues.length === 0}>
              {t('admin.queues.destinations.queue')}
            </option>
            <option value="extension">{t('admin.queues.destinations.extension')}</option>
          </select>
        </label>
        {value.type === 'queue' && (
          <label className="field">
            <span>{t('admin.queues.destinations.queue')}</span>
            <select value={value.queueId} onChange={(e) => onChange({ type: 'queue', queueId: Number(e.target.value) })} data-testid={`${testId}-queue`}>
              {otherQueues.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.number} · {q.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {value.type === 'extension' && (
          <label className="field">
            <span>{t('admin.queues.destinations.extension')}</span>
            <select value={value.userId} onChange={(e) => onChange({ type: 'extension', userId: Number(e.target.value) })} data-testid={`${testId}-user`}>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.extension} · {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {value.type === 'offline' && <p className="muted destination__hint">{t('admin.queues.offlineHint')}</p>}
      </div>
    </fieldset>
  );
}

interface Props {
  queue: Queue | null;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (queue: Queue) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

export function QueueEditor({ queue, queues, users, onSaved, onDeleted, onCancel }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState<QueueInput>(() => (queue ? { ...queue } : EMPTY_QUEUE));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState('');
  const byId = new Map(users.map((u) => [u.id, u]));
  const active = users.filter((u) => !u.disabled);

  const set = <K extends keyof QueueInput>(key: K, value: QueueInput[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setNotice('');
  };

  const moveAgent = (index: number, delta: number) => {
    const list = [...form.agentIds];
    const target = index + delta;
    if (target < 0 || target >= list.length) return;
    [list[index], list[target]] = [list[target]!, list[index]!];
    set('agentIds', list);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setNotice('');
    const body: QueueInput = { ...form, number: form.number.trim(), name: form.name.trim() };
    const request = queue ? api<Queue>('PUT', `/api/admin/queues/${queue.id}`, body) : api<Queue>('POST', '/api/admin/queues', body);
    request
      .then((saved) => {
        onSaved(saved);
        showToast(t('admin.queues.saved'), 'success');
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const remove = () => {
    if (!queue) return;
    setDeleteError('');
    api('DELETE', `/api/admin/queues/${queue.id}`)
      .then(() => onDeleted(queue.id))
      .catch((err: unknown) => setDeleteError(errorText(err, t)));
  };

  return (
    <form className="editor" onSubmit={submit} data-testid="queue-editor">
      <EditorHead
        title={queue ? t('admin.queues.editTitle', { number: queue.number, name: queue.name }) : t('admin.queues.newTitle')}
        testId="queue"
        isNew={!queue}
        busy={busy}
        createLabel={t('admin.queues.create')}
        onDelete={() => setConfirming(true)}
        onCancel={onCancel}
        error={error}
        errorTestId="queue-error"
        notice={notice}
      />

      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.queues.general')}</h3>
        <div className="field-row field-row--3">
          <label className="field">
            <span>{t('admin.queues.number')}</span>
            <input
              value={form.number}
              onChange={(e) => set('number', e.target.value)}
              required
              inputMode="numeric"
              pattern="\d{2,6}"
              title={t('admin.users.extensionHint')}
              data-testid="queue-number"
            />
          </label>
          <label className="field field--span2">
            <span>{t('admin.queues.name')}</span>
            <input value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={120} data-testid="queue-name" />
          </label>
        </div>
        <div className="field-row field-row--3">
          <label className="field">
            <span>{t('admin.queues.strategy')}</span>
            <select value={form.strategy} onChange={(e) => set('strategy', e.target.value as StrategyName)} data-testid="queue-strategy">
              {STRATEGIES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.queues.strategies.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.queues.ringTime')}</span>
            <input
              type="number"
              min={5}
              max={600}
              value={form.ringTimeSeconds}
              onChange={(e) => set('ringTimeSeconds', Number(e.target.value))}
              required
              data-testid="queue-ring-time"
            />
          </label>
          <label className="field">
            <span>{t('admin.queues.maxWait')}</span>
            <input
              type="number"
              min={10}
              max={86400}
              value={form.maxWaitSeconds}
              onChange={(e) => set('maxWaitSeconds', Number(e.target.value))}
              required
              data-testid="queue-max-wait"
            />
          </label>
        </div>
        <p className="muted editor__hint">{t(`admin.queues.strategyHints.${form.strategy}`)}</p>
      </section>

      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.queues.destinationsTitle')}</h3>
        <DestinationField
          label={t('admin.queues.noAgents')}
          value={form.noAgentsDestination}
          onChange={(d) => set('noAgentsDestination', d)}
          queues={queues}
          users={active}
          selfId={queue?.id}
          testId="queue-no-agents"
        />
        <DestinationField
          label={t('admin.queues.timeout')}
          value={form.timeoutDestination}
          onChange={(d) => set('timeoutDestination', d)}
          queues={queues}
          users={active}
          selfId={queue?.id}
          testId="queue-timeout"
        />
      </section>

      <section className="editor__section">
        <h3 className="editor__section-title">
          {t('admin.queues.agents')}
          <span className="section-title__count">{form.agentIds.length}</span>
        </h3>
        <p className="muted editor__hint">{t('admin.queues.agentsHint')}</p>
        {form.agentIds.length > 0 && (
          <ol className="agent-list" data-testid="queue-agents">
            {form.agentIds.map((id, index) => {
              const u = byId.get(id);
              return (
                <li key={id} className="agent-list__row" data-testid="queue-agent" data-user-id={id}>
                  <span className="agent-list__rank">{index + 1}</span>
                  <Avatar name={u?.name ?? '?'} size="sm" />
                  <span className="agent-list__name">
                    <strong>{u?.name ?? t('chat.unknownSender')}</strong>
                    <span className="muted">{u && t('team.extension', { extension: u.extension })}</span>
                  </span>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => moveAgent(index, -1)}
                    disabled={index === 0}
                    aria-label={t('admin.queues.moveUp')}
                    title={t('admin.queues.moveUp')}
                    data-testid="queue-agent-up"
                  >
                    <ArrowUpIcon />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => moveAgent(index, 1)}
                    disabled={index === form.agentIds.length - 1}
                    aria-label={t('admin.queues.moveDown')}
                    title={t('admin.queues.moveDown')}
                    data-testid="queue-agent-down"
                  >
                    <ArrowDownIcon />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() =>
                      set(
                        'agentIds',
                        form.agentIds.filter((a) => a !== id),
                      )
                    }
                    aria-label={t('common.remove')}
                    title={t('common.remove')}
                    data-testid="queue-agent-remove"
                  >
                    <CloseIcon />
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        <AddPerson
          label={t('admin.queues.addAgent')}
          users={active.filter((u) => !form.agentIds.includes(u.id))}
          onAdd={(id) => set('agentIds', [...form.agentIds, id])}
          testId="queue-add-agent"
        />
      </section>

      <section className="editor__section">
        <h3 className="editor__section-title">
          {t('admin.queues.managers')}
          <span className="section-title__count">{form.managerIds.length}</span>
        </h3>
        <p className="muted editor__hint">{t('admin.queues.managersHint')}</p>
        {form.managerIds.length > 0 && (
          <div className="chips editor__chips">
            {form.managerIds.map((id) => (
              <span key={id} className="chip" data-testid="queue-manager" data-user-id={id}>
                {byId.get(id)?.name ?? '?'}
                <button
                  type="button"
                  onClick={() =>
                    set(
                      'managerIds',
                      form.managerIds.filter((m) => m !== id),
                    )
                  }
                  aria-label={t('common.remove')}
                >
                  <CloseIcon />
                </button>
              </span>
            ))}
          </div>
        )}
        <AddPerson
          label={t('admin.queues.addManager')}
          users={active.filter((u) => !form.managerIds.includes(u.id))}
          onAdd={(id) => set('managerIds', [...form.managerIds, id])}
          testId="queue-add-manager"
        />
      </section>

      {confirming && queue && (
        <ConfirmDialog
          title={t('admin.queues.deleteTitle')}
          text={t('admin.queues.deleteText', { number: queue.number, name: queue.name })}
          confirmLabel={t('common.delete')}
          danger
          error={deleteError}
          onConfirm={remove}
          onClose={() => setConfirming(false)}
        />
      )}
    </form>
  );
}

function AddPerson({ label, users, onAdd, testId }: { label: string; users: readonly User[]; onAdd: (id: number) => void; testId: string }) {
  return (
    <label className="inline-select add-person">
      <span className="visually-hidden">{label}</span>
      <select
        value=""
        onChange={(e) => {
          const id = Number(e.target.value);
          if (id) onAdd(id);
        }}
        disabled={users.length === 0}
        data-testid={testId}
      >
        <option value="">{label}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} ({u.extension})
          </option>
        ))}
      </select>
    </label>
  );
}
