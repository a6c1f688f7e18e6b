import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SendIcon } from '../ui/icons';
import { sendMessage } from './actions';
import { TemplatesButton } from '../templates/TemplatesButton';
import { AttachButton, UploadQueue } from '../files/FileControls';
import { isTouchScreen } from '../ui/touch';

const MAX_LENGTH = 10_000;
const MAX_HEIGHT_PX = 160;

/** Unsent text per conversation, so switching chats does not lose a half-written message. */
const drafts = new Map<number, string>();

/** `files`: whether the chat's channel takes files (messaging apps outside their window do not). */
export function Composer({ conversationId, files = true }: { conversationId: number; files?: boolean }) {
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
      <div className="composer">
        {files && <AttachButton conversationId={conversationId} />}
        <TemplatesButton conversationId={conversationId} onInsert={insertTemplate} />
        <textarea
          ref={input}
          rows={1}
          value={text}
          maxLength={MAX_LENGTH}
          onChange={(e) => update(e.target.value)}
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
