/** @jsxImportSource preact */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { fill, type Strings } from '../i18n.js';
import type { ChatSnapshot, LiveChat } from '../live-chat.js';
import { Avatar } from './Avatar.js';
import { CallCard } from './CallCard.js';
import type { CallSnapshot } from '../visitor-call.js';
import { Composer } from './Composer.js';
import { CloseIcon } from './icons.js';
import { MessageList } from './MessageList.js';
import { BlockedNotice, OfflineSent } from './Notices.js';
import { OfflineForm } from './OfflineForm.js';
import { PreChatForm } from './PreChatForm.js';

interface Props {
  chat: LiveChat;
  snapshot: ChatSnapshot;
  callSnapshot: CallSnapshot;
  t: Strings;
  locale: string;
  onClose: () => void;
}

/** The open chat window: header, then what the visitor can do now. */
export function Panel({ chat, snapshot, callSnapshot, t, locale, onClose }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const { phase, config } = snapshot;
  // Blocked, a conversation already had is still shown; an empty one would invite the visitor to write.
  const hasLines = snapshot.messages.length > 0 || snapshot.pending.length > 0;

  // Focus the first field whenever the window opens or changes what it asks for.
  useLayoutEffect(() => {
    const target = panel.current?.querySelector<HTMLElement>('[data-autofocus]') ?? panel.current?.querySelector<HTMLElement>('.sb-close');
    target?.focus();
  }, [phase]);

  return (
    <div
      ref={panel}
      class="sb-panel"
      role="dialog"
      aria-label={t.chatWindow}
      data-testid="widget-panel"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <Header snapshot={snapshot} t={t} onClose={onClose} />
      {phase === 'chat' && <CallCard call={chat.call} snapshot={callSnapshot} t={t} />}
      {phase === 'loading' && <div class="sb-loading" aria-busy="true" />}
      {phase === 'offline' && <OfflineForm t={t} onSend={(name, email, message) => chat.leaveMessage(name, email, message)} />}
      {phase === 'offline-sent' && <OfflineSent t={t} email={snapshot.offlineSentTo ?? ''} />}
      {(phase === 'prechat' || phase === 'chat' || (phase === 'blocked' && hasLines)) && (
        <MessageList
          messages={snapshot.messages}
          pending={snapshot.pending}
          ended={phase === 'chat' && snapshot.state === 'closed'}
          t={t}
          locale={locale}
          fileUrl={(id, variant) => chat.fileUrl(id, variant)}
          onRetry={(clientId) => chat.retry(clientId)}
        />
      )}
      {phase === 'chat' && !snapshot.connected && snapshot.state !== null && <p class="sb-reconnecting">{t.reconnecting}</p>}
      {phase === 'chat' && snapshot.typing && (
        <p class="sb-typing" aria-live="polite" data-testid="widget-typing">
          {fill(t.typing, { name: snapshot.typing })}
        </p>
      )}
      {phase === 'prechat' && config && (
        <PreChatForm t={t} askName={config.askName} askEmail={config.askEmail} onStart={(name, email) => chat.begin(name, email)} />
      )}
      {phase === 'chat' && (
        <Composer
          t={t}
          locale={locale}
          uploads={snapshot.uploads}
          onSend={(body) => chat.send(body)}
          onAttach={(files) => chat.attach(files)}
          onRemove={(key) => chat.removeUpload(key)}
          onTyping={(text) => chat.typed(text)}
        />
      )}
      {phase === 'blocked' && <BlockedNotice t={t} />}
      <p class="sb-footer">{t.poweredBy}</p>
    </div>
  );
}

function Header({ snapshot, t, onClose }: { snapshot: ChatSnapshot; t: Strings; onClose: () => void }) {
  const { config, state, agentName, phase } = snapshot;
  const offline = phase === 'offline' || phase === 'offline-sent' || (config ? !config.online && state !== 'owned' : false);
  const status =
    state === 'owned' && agentName
      ? fill(t.statusAgent, { name: agentName })
      : offline
        ? t.statusOffline
        : state === 'queued'
          ? t.statusWaiting
          : t.statusOnline;
  return (
    <header class="sb-header">
      {state === 'owned' && agentName && <Avatar name={agentName} size="large" />}
      <div class="sb-header-text">
        <h2 class="sb-title">{config ? t.greeting : t.chatWindow}</h2>
        <p class="sb-status">
          <span class={`sb-dot${offline || phase === 'blocked' ? ' sb-dot-away' : ''}`} aria-hidden="true" />
          {phase === 'blocked' ? t.blockedTitle : status}
        </p>
      </div>
      <button type="button" class="sb-close" aria-label={t.closeChat} onClick={onClose}>
        <CloseIcon />
      </button>
    </header>
  );
}
