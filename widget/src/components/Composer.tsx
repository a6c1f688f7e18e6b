/** @jsxImportSource preact */
import { useRef, useState } from 'preact/hooks';
import { fill, type Strings } from '../i18n.js';
import { MAX_FILES, type Refusal, type Upload } from '../live-chat.js';
import { formatFileSize } from '@switchboard/protocol/file-size';
import { CloseIcon, FileIcon, PaperclipIcon, SendIcon } from './icons.js';

const MAX_HEIGHT_PX = 120;

/** What the file picker offers (the server decides by the bytes; this mirrors ACCEPTED_FILE_TYPES). */
const ACCEPT = '.pdf,.doc,.docx,.ppt,.pptx,.xls,.xlsx,.txt,.rtf,.jpg,.jpeg,.png,.gif,.bmp,.webp,.tif,.tiff,.heic,.heif';

interface Props {
  t: Strings;
  locale: string;
  uploads: Upload[];
  onSend: (body: string) => void;
  onAttach: (files: File[]) => void;
  onRemove: (key: number) => void;
  onTyping?: (text: string) => void;
}

/** The message box: Enter sends, Shift+Enter breaks the line; it grows with its text. Files upload as soon as picked. */
export function Composer({ t, locale, uploads, onSend, onAttach, onRemove, onTyping }: Props) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const uploading = uploads.some((u) => u.status === 'uploading');
  const ready = !uploading && (!!text.trim() || uploads.some((u) => u.status === 'done'));

  const resize = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  };
  const submit = () => {
    if (!ready) return;
    onSend(text);
    setText('');
    requestAnimationFrame(resize);
    box.current?.focus();
  };

  return (
    <form
      class="sb-composer-wrap"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {uploads.length > 0 && (
        <ul class="sb-uploads" data-testid="widget-uploads">
          {uploads.map((u) => (
            <UploadRow key={u.key} upload={u} t={t} locale={locale} onRemove={onRemove} />
          ))}
        </ul>
      )}
      <div class="sb-composer">
        <button type="button" class="sb-attach" aria-label={t.attach} title={t.attach} onClick={() => picker.current?.click()} data-testid="widget-attach">
          <PaperclipIcon />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          tabIndex={-1}
          data-testid="widget-file-input"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            if (files.length) onAttach(files);
            box.current?.focus();
          }}
        />
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
            onTyping?.(event.currentTarget.value);
            resize();
          }}
          onPaste={(event) => {
            const files = Array.from(event.clipboardData?.files ?? []);
            if (files.length) {
              event.preventDefault();
              onAttach(files);
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" class="sb-send" aria-label={t.send} disabled={!ready} data-testid="widget-send">
          <SendIcon />
        </button>
      </div>
    </form>
  );
}

function UploadRow({ upload, t, locale, onRemove }: { upload: Upload; t: Strings; locale: string; onRemove: (key: number) => void }) {
  const percent = upload.size ? Math.min(100, Math.round((upload.loaded / upload.size) * 100)) : 0;
  const failed = upload.status === 'failed';
  const error = refusalText(upload.error, t);
  return (
    <li class={`sb-upload${failed ? ' sb-upload-failed' : ''}`} data-testid="widget-upload" data-status={upload.status}>
      <span class="sb-upload-icon">
        <FileIcon />
      </span>
      <span class="sb-upload-text">
        <span class="sb-upload-name">{upload.name}</span>
        {failed ? (
          <span class="sb-upload-error" role="alert">
            {error}
          </span>
        ) : upload.status === 'uploading' ? (
          <span
            class="sb-progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-label={fill(t.uploading, { percent: String(percent) })}
          >
            <span style={{ width: `${percent}%` }} />
          </span>
        ) : (
          <span class="sb-upload-size">{formatFileSize(upload.size, locale)}</span>
        )}
      </span>
      <button
        type="button"
        class="sb-upload-remove"
        aria-label={fill(upload.status === 'uploading' ? t.cancelUpload : t.removeFile, { name: upload.name })}
        onClick={() => onRemove(upload.key)}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

/** A refused upload in the visitor's language where the reason is known, else the server's words. */
function refusalText(refusal: Refusal | undefined, t: Strings): string {
  if (!refusal) return t.uploadFailed;
  const { code, params } = refusal;
  if (code === 'MAX') return fill(t.tooManyFiles, { max: String(MAX_FILES) });
  if (code === 'UNSUPPORTED_MEDIA_TYPE' && params.name && !params.unreadable) return fill(t.fileTypeRefused, params);
  if (code === 'PAYLOAD_TOO_LARGE' && params.name && params.limit) return fill(t.fileTooLarge, params);
  if (code === 'TOO_MANY_UNSENT_FILES' && params.files && params.limit && params.minutes) return fill(t.tooManyUnsent, params);
  return refusal.message || t.uploadFailed;
}
