import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { smsSegments } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { SendIcon } from '../ui/icons';
import { sendMessage } from './actions';
import { TemplatesButton } from '../templates/TemplatesButton';
import { AttachButton, UploadQueue } from '../files/FileControls';
import { sentTyping, tellTyping } from './typing';
import { isTouchScreen } from '../ui/touch';

const MAX_LENGTH = 10_000;
const MAX_HEIGHT_PX = 160;

/** Unsent text per conversation, so switching chats does not lose a half-written message. */
const drafts = new Map<number, string>();

/**
 * `files`: whether the chat's channel takes files (messaging apps outside their window do not).
 * `sms`: the chat goes out as SMS, so the agent sees how many messages (segments) the text becomes.
 */
export function Composer({ conversationId, files = true, sms = false }: { conversationId: number; files?: boolean; sms?: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);

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
    if (!body) return;
    sendMessage(conversationId, body);
    sentTyping(conversationId);
    update('');
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
      <UploadQueue conversationId={conversationId} />
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
          placeholder={t('chat.composerPlaceholder')}
          aria-label={t('chat.composerPlaceholder')}
          data-testid="composer"
          autoFocus={!isTouchScreen()}
        />
        <button
          type="button"
          className="composer__send"
          onClick={send}
          disabled={!text.trim()}
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
