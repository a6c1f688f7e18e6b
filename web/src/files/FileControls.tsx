import { ACCEPT_ATTRIBUTE } from '@switchboard/protocol';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { useStore } from '../lib/store';
import { formatFileSize } from '@switchboard/protocol/file-size';
import { removeUpload, stagedIn, uploadFiles, uploadStore } from './uploads';
import './files.css';

const PaperclipIcon = () => (
  <svg
    width="20"
    height="20"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
  >
    <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
  </svg>
);

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * The composer's 'Attach document' button, and a drop zone over the whole conversation pane:
 * files dropped or picked upload one by one and wait in the composer until Send.
 */
export function AttachButton({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const anchor = useRef<HTMLSpanElement>(null);
  const [pane, setPane] = useState<HTMLElement | null>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const target = anchor.current?.closest<HTMLElement>('.conversation__main') ?? null;
    setPane(target);
    if (!target) return;
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const dropped = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length > 0) uploadFiles(conversationId, files);
    };
    target.addEventListener('dragenter', enter);
    target.addEventListener('dragover', over);
    target.addEventListener('dragleave', leave);
    target.addEventListener('drop', dropped);
    return () => {
      target.removeEventListener('dragenter', enter);
      target.removeEventListener('dragover', over);
      target.removeEventListener('dragleave', leave);
      target.removeEventListener('drop', dropped);
    };
  }, [conversationId]);

  return (
    <span ref={anchor} className="attach">
      <button
        type="button"
        className="composer__attach"
        onClick={() => input.current?.click()}
        aria-label={t('files.attach')}
        title={t('files.attach')}
        data-testid="attach-button"
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPT_ATTRIBUTE}
        data-testid="attach-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) uploadFiles(conversationId, files);
        }}
      />
      {pane &&
        dragging &&
        createPortal(
          <div className="drop-overlay" data-testid="drop-overlay">
            <p>{t('files.dropHere')}</p>
            <p className="drop-overlay__hint">{t('files.accepted')}</p>
          </div>,
          pane,
        )}
    </span>
  );
}

const RemoveIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" aria-hidden="true">
    <path d="M18 6 6 18M6 6l12 12" />
  </svg>
);

/**
 * The files waiting for Send in this conversation, as chips: a picture of an image, name, size or
 * progress, the reason a file was refused, and a button that takes it off (cancelling an upload under way).
 */
export function StagedFiles({ conversationId }: { conversationId: number }) {
  const { t, i18n } = useTranslation();
  const all = useStore(uploadStore, (s) => s);
  const uploads = useMemo(() => stagedIn(all, conversationId), [all, conversationId]);
  if (uploads.length === 0) return null;
  return (
    <ul className="staged-files" data-testid="upload-queue" aria-live="polite">
      {uploads.map((u) => {
        const percent = u.size > 0 ? Math.round((u.loaded / u.size) * 100) : 100;
        return (
          <li key={u.key} className={`staged-file staged-file--${u.status}`} data-testid="upload" data-status={u.status}>
            {u.preview ? (
              <img className="staged-file__preview" src={u.preview} alt="" />
            ) : (
              <span className="staged-file__icon" aria-hidden="true">
                {u.name.split('.').pop()?.slice(0, 4).toUpperCase()}
              </span>
            )}
            <span className="staged-file__text">
              <span className="staged-file__name" title={u.name}>
                {u.name}
              </span>
              {u.status === 'failed' ? (
                <span className="staged-file__error" role="alert">
                  {u.error ? errorText(u.error, t) : t('files.failed')}
                </span>
              ) : u.status === 'uploading' ? (
                <progress max={100} value={percent} aria-label={t('files.progress', { name: u.name, percent })} />
              ) : (
                <span className="staged-file__size">{formatFileSize(u.size, i18n.language)}</span>
              )}
            </span>
            <button
              type="button"
              className="staged-file__remove"
              onClick={() => removeUpload(u.key)}
              aria-label={t(u.status === 'uploading' ? 'files.cancelUpload' : 'files.remove', { name: u.name })}
              title={t(u.status === 'uploading' ? 'files.cancelUpload' : 'files.remove', { name: u.name })}
              data-testid="upload-cancel"
            >
              <RemoveIcon />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
