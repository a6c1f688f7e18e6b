import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { smsSegments } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { SendIcon } from '../ui/icons';
import { sendMessage } from './actions';
import { TemplatesButton } from '../templates/TemplatesButton';
import { AttachButton, StagedFiles } from '../files/FileControls';
import { useStagedFiles } from '../files/useStagedFiles';
import { sentTyping, tellTyping } from './typing';
import { type ChannelFiles, setChannelFiles } from '../files/uploads';
import { isTouchScreen } from '../ui/touch';

const MAX_LENGTH = 10_000;
const MAX_HEIGHT_PX = 160;

/** Unsent text per conversation, so switching chats does not lose a half-written message. */
const drafts = new Map<number, string>();

/**
 * `files`: whether the chat's channel takes files (messaging apps outside their window do not).
 * `sms`: the chat goes out as SMS, so the agent sees how many messages (segments) the text becomes.
 */
export function Composer({
  conversationId,
  files = true,
  sms = false,
  channel = null,
}: {
  conversationId: number;
  files?: boolean;
  sms?: boolean;
  /** The customer's channel and its file limits: a file it cannot carry is refused before it uploads. */
  channel?: ChannelFiles | null;
}) {
  const { t } = useTranslation();
  useEffect(() => setChannelFiles(conversationId, channel), [conversationId, channel]);
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);
  const staged = useStagedFiles(conversationId);

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const update = (value: string) => {
    setText(value);
    drafts.set(conversationId, value);
  };

  const send = () => {
    const body = text.trim();
    if (staged.waiting) {
      // The typed text is the files' caption: one message, as the widget sends it.
      if (!staged.sendable) return;
      update('');
      staged.send(body).catch(() => update(body));
      sentTyping(conversationId);
    } else {
      if (!body) return;
      sendMessage(conversationId, body);
      sentTyping(conversationId);
      update('');
    }
    input.current?.focus();
  };

  /** A picked template fills the reply box (after any draft), to be edited before sending. */
  const insertTemplate = (body: string) => {
    const value = text.trim() ? `${text.trimEnd()} ${body}` : body;
    update(value);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(value.length, value.length);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <>
      <StagedFiles conversationId={conversationId} />
      {staged.error && (
        <p className="composer__error" role="alert" data-testid="staged-send-error">
          {staged.error}
        </p>
      )}
      {/* Above the box, like the reply window's line: below it would sit in the composer's bottom margin. */}
      {sms && text && <SmsCount text={text} />}
      <div className="composer">
        {files && <AttachButton conversationId={conversationId} />}
        <TemplatesButton conversationId={conversationId} onInsert={insertTemplate} />
        <textarea
          ref={input}
          rows={1}
          value={text}
          maxLength={MAX_LENGTH}
          onChange={(e) => {
            update(e.target.value);
            tellTyping(conversationId, e.target.value);
          }}
          onKeyDown={onKeyDown}
          onPaste={files ? staged.paste : undefined}
          placeholder={staged.waiting ? t('files.captionPlaceholder') : t('chat.composerPlaceholder')}
          aria-label={staged.waiting ? t('files.captionPlaceholder') : t('chat.composerPlaceholder')}
          data-testid="composer"
          autoFocus={!isTouchScreen()}
        />
        <button
          type="button"
          className="composer__send"
          onClick={send}
          disabled={staged.waiting ? !staged.sendable : !text.trim()}
          aria-label={t('chat.send')}
          title={t('chat.sendHint')}
          data-testid="send-button"
        >
          <SendIcon />
        </button>
      </div>
    </>
  );
}

/** "87 characters · 1 SMS" — and the encoding when an emoji or accent makes each SMS 70 characters. */
function SmsCount({ text }: { text: string }) {
  const { t } = useTranslation();
  const count = smsSegments(text);
  return (
    <div className="composer__sms-count muted" data-testid="sms-count" aria-live="polite">
      {t(count.encoding === 'GSM-7' ? 'chat.smsCount' : 'chat.smsCountUnicode', { length: count.length, count: count.segments, remaining: count.remaining })}
    </div>
  );
}
