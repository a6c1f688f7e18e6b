import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, MyQueue } from '@switchboard/protocol';
import { api } from '../lib/api';
import { useStore } from '../lib/store';
import { useDebounced } from '../lib/useDebounced';
import { showToast } from '../lib/toast';
import type { ConversationListResponse, MyQueueListResponse, QueueListResponse } from '../lib/types';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { navigate } from '../app/route';
import { formatShort } from '../i18n/format';
import { chatStore, updateConversation } from '../chat/chatStore';
import { ChannelIcon } from '../ui/ChannelIcon';
import { ChevronIcon, QueueIcon } from '../ui/icons';
import { queuesEpochStore } from './queuesStore';
import './queues.css';

const POLL_MS = 15_000;

function WaitingItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const { t, i18n } = useTranslation();
  const open = () => {
    // Keep what the store already knows (an offer to me is more than a supervisor's view).
    if (!chatStore.get().conversations[conversation.id]) updateConversation(conversation);
    navigate({ view: 'chat', conversationId: conversation.id });
  };
  const preview = conversation.lastMessage?.body.replace(/\s+/g, ' ') ?? t('chat.noMessagesYet');
  return (
    <li>
      <button
        type="button"
        className={`waiting-item${active ? ' is-active' : ''}`}
        onClick={open}
        data-testid="waiting-item"
        data-conversation-id={conversation.id}
      >
        {conversation.channel && <ChannelIcon channel={conversation.channel} size={14} />}
        <span className="waiting-item__body">
          <span className="waiting-item__line">
            <strong>{conversation.title || t('customer.anonymous')}</strong>
            <time>{formatShort(conversation.lastActivityAt, i18n.language, t)}</time>
          </span>
          <span className="waiting-item__preview">{preview}</span>
        </span>
      </button>
    </li>
  );
}

interface Row extends MyQueue {
  supervised: boolean;
}

/** My queues (and, for an admin, every queue), each with its waiting chats where I supervise it. */
async function loadQueues(isAdmin: boolean): Promise<{ rows: readonly Row[]; waiting: Readonly<Record<number, readonly Conversation[]>> }> {
  const [mine, all] = await Promise.all([
    api<MyQueueListResponse>('GET', '/api/queues/mine'),
    isAdmin ? api<QueueListResponse>('GET', '/api/admin/queues') : Promise.resolve({ queues: [] }),
  ]);
  const byId = new Map<number, Row>(mine.queues.map((q) => [q.id, { ...q, supervised: q.isManager || isAdmin }]));
  for (const q of all.queues) {
    if (!byId.has(q.id)) {
      byId.set(q.id, { id: q.id, number: q.number, name: q.name, isAgent: false, isManager: false, loggedIn: false, waiting: 0, supervised: true });
    }
  }
  const list = [...byId.values()].sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  const lists = await Promise.all(
    list
      .filter((q) => q.supervised)
      .map(async (q) => [q.id, (await api<ConversationListResponse>('GET', `/api/queues/${q.id}/waiting`)).conversations] as const),
  );
  const waiting: Record<number, readonly Conversation[]> = Object.fromEntries(lists);
  return { rows: list.map((q) => (waiting[q.id] ? { ...q, waiting: waiting[q.id]?.length ?? 0 } : q)), waiting };
}

const QUEUES_KEY = ['my-queues'] as const;

/** The queues I work in: a login switch per queue, its waiting count, and for managers the waiting chats. */
export function MyQueues() {
  const { t } = useTranslation();
  const user = currentUser();
  const isAdmin = user.role === 'admin';
  const client = useQueryClient();
  const activeId = useStore(chatStore, (s) => s.activeId);
  const queues = useQuery({ queryKey: QUEUES_KEY, queryFn: () => loadQueues(isAdmin), refetchInterval: POLL_MS });
  const rows = queues.data?.rows ?? null;
  const waiting = queues.data?.waiting ?? {};
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [collapsed, setCollapsed] = useState(false);

  // Customer chats change in bursts (an offer to a whole queue): counts are fetched again once it settles.
  const queuesEpoch = useDebounced(
    useStore(queuesEpochStore, (n) => n),
    250,
  );
  useEffect(() => {
    if (queuesEpoch > 0) void client.invalidateQueries({ queryKey: QUEUES_KEY });
  }, [queuesEpoch, client]);

  const setLoggedIn = (queueId: number, loggedIn: boolean) =>
    client.setQueryData<Awaited<ReturnType<typeof loadQueues>>>(QUEUES_KEY, (data) =>
      data ? { ...data, rows: data.rows.map((q) => (q.id === queueId ? { ...q, loggedIn } : q)) } : data,
    );
  const setLogin = (queue: Row, loggedIn: boolean) => {
    setLoggedIn(queue.id, loggedIn);
    api('PUT', `/api/queues/${queue.id}/login`, { loggedIn })
      .then(() => showToast(t(loggedIn ? 'queues.loggedIn' : 'queues.loggedOut', { name: queue.name }), 'success'))
      .catch((err: unknown) => {
        setLoggedIn(queue.id, !loggedIn);
        showToast(errorText(err, t), 'error');
      });
  };

  const toggle = (id: number) =>
    setExpanded((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (!rows || rows.length === 0) return null;
  const totalWaiting = rows.reduce((n, q) => n + q.waiting, 0);

  return (
    <section className="my-queues" data-testid="my-queues">
      <button type="button" className="section-title my-queues__title" onClick={() => setCollapsed((c) => !c)} aria-expanded={!collapsed}>
        <ChevronIcon open={!collapsed} />
        <h2>{t('queues.mine')}</h2>
        {totalWaiting > 0 && <span className="waiting-pill">{t('queues.waitingCount', { count: totalWaiting })}</span>}
      </button>
      {!collapsed && (
        <ul className="my-queues__list">
          {rows.map((q) => {
            const open = expanded.has(q.id);
            const list = waiting[q.id] ?? [];
            return (
              <li key={q.id} className="queue-row" data-testid="queue-row" data-queue-id={q.id}>
                <div className="queue-row__main">
                  <span className={`queue-row__icon${q.loggedIn ? ' is-on' : ''}`}>
                    <QueueIcon />
                  </span>
                  <span className="queue-row__text">
                    <strong>{q.name}</strong>
                    <span className="muted">
                      {t('customer.queueNumber', { number: q.number })}
                      {q.isManager && ` · ${t('queues.manager')}`}
                    </span>
                  </span>
                  {q.waiting > 0 && (
                    <span className="waiting-pill" title={t('queues.waitingCount', { count: q.waiting })} data-testid="queue-waiting">
                      {q.waiting}
                    </span>
                  )}
                  {q.isAgent && (
                    <button
                      type="button"
                      role="switch"
                      aria-checked={q.loggedIn}
                      aria-label={t('queues.loginLabel', { name: q.name })}
                      title={q.loggedIn ? t('queues.loggedInState') : t('queues.loggedOutState')}
                      className={`switch${q.loggedIn ? ' is-on' : ''}`}
                      onClick={() => setLogin(q, !q.loggedIn)}
                      data-testid="queue-login"
                      data-queue-id={q.id}
                    >
                      <span className="switch__knob" />
                    </button>
                  )}
                </div>
                {q.supervised && (
                  <button
                    type="button"
                    className="queue-row__toggle"
                    onClick={() => toggle(q.id)}
                    aria-expanded={open}
                    data-testid="queue-waiting-toggle"
                    data-queue-id={q.id}
                  >
                    <ChevronIcon open={open} />
                    {t('queues.waitingList', { count: list.length })}
                  </button>
                )}
                {q.supervised &&
                  open &&
                  (list.length === 0 ? (
                    <p className="muted queue-row__empty">{t('queues.nobodyWaiting')}</p>
                  ) : (
                    <ul className="waiting-list" data-testid="waiting-list">
                      {list.map((c) => (
                        <WaitingItem key={c.id} conversation={c} active={c.id === activeId} />
                      ))}
                    </ul>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
