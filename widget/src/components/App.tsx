/** @jsxImportSource preact */
import { useEffect, useRef, useState } from 'preact/hooks';
import { languageOf, stringsFor } from '../i18n.js';
import type { LiveChat } from '../live-chat.js';
import { ChatIcon, ChevronDownIcon } from './icons.js';
import { Panel } from './Panel.js';

const OPEN_KEY = 'switchboard-widget:open';

function wasOpen(): boolean {
  try {
    return sessionStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}

function rememberOpen(open: boolean): void {
  try {
    sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
  } catch {
    // storage unavailable: the panel starts closed next time
  }
}

/** Black or white, whichever reads better on the widget's colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 ? '#111827' : '#ffffff';
}

export function App({ chat }: { chat: LiveChat }) {
  const [snapshot, setSnapshot] = useState(chat.get());
  const [open, setOpen] = useState(wasOpen);
  const bubble = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setSnapshot(chat.get());
    return chat.subscribe(() => setSnapshot(chat.get()));
  }, [chat]);
  useEffect(() => chat.setOpen(wasOpen()), [chat]);
  const [callSnapshot, setCallSnapshot] = useState(chat.call.get());
  useEffect(() => chat.call.subscribe(() => setCallSnapshot(chat.call.get())), [chat]);
  // The agent's call request opens the window, so the visitor sees it.
  const requestId = callSnapshot.call?.state === 'ringing' ? callSnapshot.call.id : null;
  useEffect(() => {
    if (requestId === null) return;
    setOpen(true);
    chat.setOpen(true);
  }, [requestId, chat]);

  const { config, phase, unread } = snapshot;
  if (!config && phase !== 'blocked') return null;
  if (phase === 'hidden') return null;

  const locale = languageOf(config?.language);
  const t = stringsFor(config);
  const colour = config?.colour ?? '#1f6feb';
  const toggle = (next: boolean) => {
    setOpen(next);
    chat.setOpen(next);
    rememberOpen(next);
  };
  const close = () => {
    toggle(false);
    bubble.current?.focus();
  };

  return (
    <div class="sb-root" lang={locale} style={{ '--sb-accent': colour, '--sb-on-accent': textOn(colour) }}>
      {open && <Panel chat={chat} snapshot={snapshot} callSnapshot={callSnapshot} t={t} locale={locale} onClose={close} />}
      <button
        ref={bubble}
        type="button"
        class={`sb-bubble-button${open ? ' sb-open' : ''}`}
        aria-label={open ? t.closeChat : unread > 0 ? `${t.openChat} (${unread})` : t.openChat}
        aria-expanded={open}
        data-testid="widget-bubble"
        onClick={() => toggle(!open)}
      >
        <span class="sb-icon-chat">
          <ChatIcon />
        </span>
        <span class="sb-icon-close">
          <ChevronDownIcon />
        </span>
        {!open && unread > 0 && (
          <span class="sb-badge" aria-hidden="true">
            {unread > 9 ? '9+' : unread}
          </span>
        )}
      </button>
    </div>
  );
}
