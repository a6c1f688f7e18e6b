import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, Conversation, Message, MessageAuthor, SystemNote } from '@switchboard/protocol';
import { Attachments } from '../files/Attachments';
import { currentUser } from '../auth/session';
import { formatDateTime, formatDay, formatTime, sameDay } from '../i18n/format';
import { Avatar } from '../ui/Avatar';
import { LinkedText } from '../links/LinkedText';
import { retryMessage } from './actions';
import type { History, PendingMessage } from './chatStore';
import { memberName } from './conversationInfo';
import { SeenMarker } from './SeenMarker';
import { customerAbilities } from './customerAbilities';
import { deliveryErrorText, isWindowFailure } from './delivery';
import { DeliveryFailure, DeliveryMark } from './DeliveryMark';
import { Reactions } from './Reactions';
import { systemNoteText } from './systemNote';
import { clearFocus } from './focusStore';
import { DeletedMark, EditedMark, isRecentlyMine, MessageActions, mayChange, SentForGood } from './MessageEdit';
import { useMessageRules } from './queries';

const GROUP_GAP_MS = 5 * 60 * 1000;
/** How long the message a search led to stays marked, so the eye finds it in the list. */
const HIGHLIGHT_MS = 4000;
const LOAD_OLDER_THRESHOLD_PX = 120;
const STICK_TO_BOTTOM_PX = 80;

interface Item {
  key: string;
  id: number | null;
  clientId: string;
  author: MessageAuthor;
  senderId: number | null;
  senderName: string;
  system: SystemNote | null;
  body: string;
  attachments: readonly Attachment[];
  createdAt: number;
  status: 'sent' | 'sending' | 'failed';
  error: string;
  errorCode: string;
  /** The confirmed message (its delivery and reactions); null while pending. */
  message: Message | null;
}

interface Run {
  author: MessageAuthor;
  senderId: number | null;
  startsDay: boolean;
  items: Item[];
}

function sameSender(a: Item, b: Item): boolean {
  return a.author === b.author && a.senderId === b.senderId && a.author !== 'system';
}

/** Consecutive messages from one sender, close in time and on the same day, share one heading. */
function groupIntoRuns(items: readonly Item[]): Run[] {
  const runs: Run[] = [];
  let previous: Item | undefined;
  for (const item of items) {
    const startsDay = !previous || !sameDay(previous.createdAt, item.createdAt);
    const joins = previous && !startsDay && sameSender(previous, item) && item.createdAt - previous.createdAt < GROUP_GAP_MS;
    const last = runs.at(-1);
    if (joins && last) last.items.push(item);
    else runs.push({ author: item.author, senderId: item.senderId, startsDay, items: [item] });
    previous = item;
  }
  return runs;
}

interface Props {
  conversation: Conversation;
  history: History;
  pending: readonly PendingMessage[];
  onLoadOlder: () => void;
  olderError: string;
  /** A message to scroll to and highlight (a search result picked), once it is loaded. */
  focus?: number | null;
}

export function MessageList({ conversation, history, pending, onLoadOlder, olderError, focus = null }: Props) {
  const { t, i18n } = useTranslation();
  const me = currentUser().id;
  const scroller = useRef<HTMLDivElement>(null);
  const previous = useRef({ firstKey: '', lastKey: '', scrollHeight: 0, atBottom: true });
  const [found, setFound] = useState<number | null>(null);
  const editWindowMs = useMessageRules().data?.editWindowMs ?? null;
  // Edit and Delete show for my recent messages; the minute clock lets them go when the window closes.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (found === null) return;
    const timer = setTimeout(() => setFound(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [found]);

  const items = useMemo<Item[]>(
    () => [
      ...history.messages.map((m) => ({
        key: `m${m.id}`,
        id: m.id,
        clientId: m.clientId,
        author: m.author,
        senderId: m.senderId,
        senderName: m.senderName,
        system: m.system,
        body: m.body,
        attachments: m.attachments ?? [],
        createdAt: m.createdAt,
        status: m.delivery?.state === 'failed' ? ('failed' as const) : ('sent' as const),
        error: '',
        errorCode: '',
        message: m,
      })),
      ...pending.map((p) => ({
        key: `p${p.clientId}`,
        id: null,
        clientId: p.clientId,
        author: 'user' as const,
        senderId: me,
        senderName: '',
        system: null,
        body: p.body,
        attachments: [],
        createdAt: p.createdAt,
        status: p.status,
        error: p.error,
        errorCode: p.errorCode ?? '',
        message: null,
      })),
    ],
    [history.messages, pending, me],
  );
  const runs = useMemo(() => groupIntoRuns(items), [items]);
  // Messaging apps report what became of my messages; live chat and colleagues' chats have the seen marker.
  const abilities = conversation.kind === 'external' ? customerAbilities(conversation, false) : null;
  const showDelivery = abilities?.delivery === true;
  // A message refused for the closed reply window would be refused again: offer Retry only once it is open.
  const mayRetry = (m: Message) => !(isWindowFailure(m.delivery?.error ?? null) && abilities?.freeText === false);
  const myLastSent = useMemo(() => history.messages.findLast((m) => m.senderId === me), [history.messages, me]);

  const firstKey = items[0]?.key ?? '';
  const lastItem = items.at(-1);
  const lastKey = lastItem?.key ?? '';

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = previous.current;
    const prepended = before.firstKey !== '' && before.firstKey !== firstKey && before.lastKey === lastKey;
    if (prepended) el.scrollTop += el.scrollHeight - before.scrollHeight;
    else if (before.atBottom || (before.lastKey !== lastKey && lastItem?.senderId === me)) el.scrollTop = el.scrollHeight;
    const target = focus === null ? null : el.querySelector<HTMLElement>(`[data-testid="message"][data-message-id="${focus}"]`);
    if (target && focus !== null) {
      target.scrollIntoView({ block: 'center' });
      setFound(focus);
      clearFocus(focus);
    }
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
    previous.current = { firstKey, lastKey, scrollHeight: el.scrollHeight, atBottom };
    // A first page too short to scroll can never be scrolled to the top, so fetch more right away.
    if (el.scrollHeight <= el.clientHeight && history.nextBefore !== null && !history.loadingOlder && !olderError) {
      onLoadOlder();
    }
  });

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    previous.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
    if (el.scrollTop < LOAD_OLDER_THRESHOLD_PX && history.nextBefore !== null && !history.loadingOlder) onLoadOlder();
  };

  return (
    <div className="messages" ref={scroller} onScroll={onScroll} data-testid="message-list">
      <div className="messages__top">
        {history.nextBefore === null ? (
          items.length > 0 && <p className="muted">{t('chat.startOfConversation')}</p>
        ) : history.loadingOlder ? (
          <p className="muted">{t('chat.loadingOlder')}</p>
        ) : (
          <button type="button" className="link-button" onClick={onLoadOlder} data-testid="load-older">
            {olderError || t('chat.loadOlder')}
          </button>
        )}
      </div>
      {items.length === 0 && (
        <div className="messages__empty">
          <p className="empty-state__title">{t('chat.emptyTitle')}</p>
          <p className="empty-state__hint">{t('chat.emptyHint')}</p>
        </div>
      )}
      {runs.map((run) => {
        const first = run.items[0];
        if (!first) return null;
        const dayDivider = run.startsDay && (
          <div className="day-divider" role="separator">
            <span>{formatDay(first.createdAt, i18n.language, t)}</span>
          </div>
        );
        if (run.author === 'system') {
          return (
            <Fragment key={first.key}>
              {dayDivider}
              <p className="system-line" data-testid="system-message" data-message-id={first.id ?? undefined} data-kind={first.system?.kind}>
                <span>
                  {first.system ? systemNoteText(first.system, t, first.body) : first.body}
                  <time dateTime={new Date(first.createdAt).toISOString()}>{formatTime(first.createdAt, i18n.language)}</time>
                </span>
              </p>
            </Fragment>
          );
        }
        const mine = run.author === 'user' && run.senderId === me;
        const name = mine
          ? t('chat.you')
          : // A colleague's current name (renamed since?) while they are in the chat, else the name they sent with.
            (run.author === 'user' && run.senderId !== null && memberName(conversation, run.senderId)) ||
            first.senderName ||
            (run.author === 'customer' ? t('chat.customer') : t('chat.unknownSender'));
        return (
          <Fragment key={first.key}>
            {dayDivider}
            <div className={`run${mine ? ' run--mine' : ''}${run.author === 'customer' ? ' run--customer' : ''}`}>
              {!mine && <Avatar name={name} size="sm" />}
              <div className="run__body">
                <div className="run__heading">
                  <span className="run__name">{name}</span>
                  <time dateTime={new Date(first.createdAt).toISOString()}>{formatTime(first.createdAt, i18n.language)}</time>
                </div>
                {run.items.map((item) => (
                  <div
                    key={item.key}
                    className={`message message--${item.status}${item.id !== null && item.id === found ? ' is-found' : ''}`}
                    data-found={item.id !== null && item.id === found ? 'true' : undefined}
                    data-testid="message"
                    data-message-id={item.id ?? undefined}
                    data-client-id={item.clientId}
                    data-status={item.status}
                  >
                    {item.message?.deletedAt ? <DeletedMark className="message__bubble" /> : null}
                    {item.body && (
                      <div className="message__bubble" title={formatDateTime(item.createdAt, i18n.language)}>
                        <LinkedText text={item.body} />
                        {item.message && <EditedMark message={item.message} />}
                        {showDelivery && mine && item.message?.delivery && <DeliveryMark delivery={item.message.delivery} />}
                      </div>
                    )}
                    <Attachments list={item.attachments} />
                    {!item.body && showDelivery && mine && item.message?.delivery && (
                      <div className="message__note">
                        <DeliveryMark delivery={item.message.delivery} />
                      </div>
                    )}
                    {item.message && item.message.reactions.length > 0 && <Reactions reactions={item.message.reactions} />}
                    {item.message && mayChange(item.message, me, conversation.kind !== 'external', now, editWindowMs) && (
                      <MessageActions message={item.message} />
                    )}
                    {conversation.kind === 'external' &&
                      item.message &&
                      item.id === myLastSent?.id &&
                      item.message.delivery?.state !== 'failed' &&
                      isRecentlyMine(item.message, me, now, editWindowMs) && <SentForGood />}
                    {item.message?.delivery?.state === 'failed' && <DeliveryFailure message={item.message} canRetry={mine && mayRetry(item.message)} />}
                    {item.status === 'sending' && <div className="message__note">{t('chat.sending')}</div>}
                    {item.status === 'failed' && !item.message && (
                      <div className="message__note message__note--error" title={item.error} data-testid="send-failed">
                        {item.errorCode === 'REPLY_WINDOW_CLOSED' ? (
                          deliveryErrorText({ code: item.errorCode, message: item.error }, t)
                        ) : (
                          <>
                            {t('chat.notSent')}{' '}
                            <button type="button" className="link-button" onClick={() => retryMessage(item.clientId)} data-testid="retry-send">
                              {t('common.retry')}
                            </button>
                          </>
                        )}
                      </div>
                    )}
                    {item.id !== null && item.id === myLastSent?.id && <SeenMarker conversation={conversation} messageId={item.id} />}
                  </div>
                ))}
              </div>
            </div>
          </Fragment>
        );
      })}
    </div>
  );
}
