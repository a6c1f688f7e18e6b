/** @jsxImportSource preact */
import type { Attachment, Message, SystemNote } from '@switchboard/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { fill, type Strings } from '../i18n.js';
import type { PendingMessage } from '../live-chat.js';
import { Attachments, type FileUrl } from './Attachments.js';
import { Avatar } from './Avatar.js';
import { ChatIcon } from './icons.js';
import { LinkedText } from './LinkedText.js';
import { EndedNotice } from './Notices.js';

const GROUP_GAP_MS = 5 * 60 * 1000;

interface Props {
  messages: Message[];
  pending: PendingMessage[];
  ended: boolean;
  t: Strings;
  locale: string;
  fileUrl: FileUrl;
  onRetry: (clientId: string) => void;
}

/** A run of consecutive lines by the same author: bubbles hug each other, one name, one time. */
interface Line {
  key: string;
  author: 'customer' | 'user' | 'system';
  senderName: string;
  body: string;
  attachments: Attachment[];
  createdAt: number;
  pending?: PendingMessage;
}

export function systemText(note: SystemNote, t: Strings): string {
  switch (note.kind) {
    case 'taken':
      return fill(t.taken, { name: note.agentName });
    case 'transferred':
      return fill(t.transferred, { name: note.toName });
    case 'session_ended':
    case 'dealt_with':
      return t.ended;
    case 'blocked':
      return t.blockedTitle;
    case 'offline_reply':
      return t.offlineReply;
    case 'external_reply':
      return ''; // Shown as the team's message (below), never as a line.
    case 'group_renamed':
    case 'members_added':
    case 'member_removed':
    case 'member_left':
      return ''; // Lines of colleagues' group chats: never in a customer's chat.
    case 'call': {
      const what = fill(note.media === 'video' ? t.callLineVideo : t.callLineVoice, { name: note.callerName });
      const seconds = Math.round((note.durationMs ?? 0) / 1000);
      const duration = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
      return `${what}: ${note.outcome === 'answered' ? fill(t.callAnswered, { duration }) : t.callNotAnswered}`;
    }
  }
}

const isEnding = (message: Message | undefined) => message?.system?.kind === 'session_ended' || message?.system?.kind === 'dealt_with';

export function MessageList({ messages, pending, ended, t, locale, fileUrl, onRetry }: Props) {
  const list = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages.length, pending.length, ended]);

  // The ended card below stands for the last "chat ended" line.
  const shown = ended && isEnding(messages.at(-1)) ? messages.slice(0, -1) : messages;
  const lines: (Line | Message)[] = [
    ...shown.map((m): Line | Message =>
      // A reply the team wrote elsewhere (Meta's Page inbox) reads as the team's message, like the automatic reply.
      m.system && m.system.kind !== 'offline_reply' && m.system.kind !== 'external_reply'
        ? m
        : {
            key: `m${m.id}`,
            author: m.author,
            senderName: m.system ? t.team : m.senderName,
            body: m.system?.kind === 'offline_reply' ? t.offlineReply : m.body,
            attachments: m.attachments ?? [],
            createdAt: m.createdAt,
          },
    ),
    ...pending.map(
      (p): Line => ({ key: `p${p.clientId}`, author: 'customer', senderName: '', body: p.body, attachments: p.attachments, createdAt: Date.now(), pending: p }),
    ),
  ];
  const sameGroup = (a: Line | Message | undefined, b: Line | Message | undefined) =>
    !!a && !!b && 'key' in a && 'key' in b && a.author === b.author && a.senderName === b.senderName && Math.abs(b.createdAt - a.createdAt) < GROUP_GAP_MS;
  const time = (at: number) => new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });

  return (
    <div class="sb-messages" ref={list} role="log" aria-live="polite">
      {lines.length === 0 && (
        <div class="sb-empty">
          <span class="sb-state-icon">
            <ChatIcon />
          </span>
          <p>{t.emptyHint}</p>
        </div>
      )}
      {lines.map((line, i) => {
        if (!('key' in line)) {
          return (
            <p key={`s${line.id}`} class="sb-system" data-testid="widget-system">
              {systemText(line.system!, t)}
            </p>
          );
        }
        const first = !sameGroup(lines[i - 1], line);
        const last = !sameGroup(line, lines[i + 1]);
        const mine = line.author === 'customer';
        return (
          <div
            key={line.key}
            class={`sb-line ${mine ? 'sb-mine' : 'sb-theirs'}${first ? ' sb-first' : ''}${last ? ' sb-last' : ''}`}
            data-testid="widget-message"
            data-author={line.author}
            data-pending={line.pending ? 'true' : undefined}
          >
            {!mine && first && <span class="sb-sender">{line.senderName}</span>}
            <div class="sb-row">
              {!mine && (last ? <Avatar name={line.senderName} /> : <span class="sb-avatar-space" />)}
              <div class="sb-content">
                {line.attachments.length > 0 && (
                  <div class={line.pending ? 'sb-bubble-pending' : undefined}>
                    <Attachments files={line.attachments} url={fileUrl} t={t} locale={locale} />
                  </div>
                )}
                {line.body && (
                  <div class={`sb-bubble${line.pending ? ' sb-bubble-pending' : ''}`}>
                    <LinkedText text={line.body} />
                  </div>
                )}
              </div>
            </div>
            {line.pending ? (
              <PendingStatus pending={line.pending} t={t} onRetry={onRetry} />
            ) : (
              last && <span class="sb-meta">{mine ? `${t.you} · ${time(line.createdAt)}` : time(line.createdAt)}</span>
            )}
          </div>
        );
      })}
      {ended && <EndedNotice t={t} />}
    </div>
  );
}

function PendingStatus({ pending, t, onRetry }: { pending: PendingMessage; t: Strings; onRetry: (clientId: string) => void }) {
  if (pending.status !== 'failed') return <span class="sb-meta">{pending.status === 'sending' ? t.sending : t.retrying}</span>;
  return (
    <button type="button" class="sb-meta sb-retry" onClick={() => onRetry(pending.clientId)}>
      {t.failed}
    </button>
  );
}
