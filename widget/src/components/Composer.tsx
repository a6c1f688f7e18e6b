/** @jsxImportSource preact */
import { useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n.js';
import { SendIcon } from './icons.js';

const MAX_HEIGHT_PX = 120;

/** The message box: Enter sends, Shift+Enter breaks the line; it grows with its text. */
export function Composer({ t, onSend }: { t: Strings; onSend: (body: string) => void }) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);

  const resize = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  };
  const submit = () => {
    if (!text.trim()) return;
    onSend(text);
    setText('');
    requestAnimationFrame(resize);
    box.current?.focus();
  };

  return (
    <form
      class="sb-composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={box}
        rows={1}
        value={text}
        placeholder={t.placeholder}
        aria-label={t.placeholder}
        maxLength={10_000}
        data-testid="widget-composer"
        data-autofocus
        onInput={(event) => {
          setText(event.currentTarget.value);
          resize();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="sb-send" aria-label={t.send} disabled={!text.trim()} data-testid="widget-send">
        <SendIcon />
      </button>
    </form>
  );
}
