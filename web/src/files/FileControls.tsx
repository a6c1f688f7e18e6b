import { ACCEPT_ATTRIBUTE } from '@switchboard/protocol';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { useStore } from '../lib/store';
import { formatFileSize } from '@switchboard/protocol/file-size';
import { type ChannelFiles, cancelUpload, type Upload, uploadFiles, uploadStore } from './uploads';
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
 * files dropped or picked are uploaded one by one and each sent as a message when it arrives.
 */
export function AttachButton({ conversationId, channel = null }: { conversationId: number; channel?: ChannelFiles }) {
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
      if (files.length > 0) uploadFiles(conversationId, files, channel);
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
  }, [conversationId, channel]);

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
          if (files.length > 0) uploadFiles(conversationId, files, channel);
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

/** Uploads under way in this conversation: name, progress, cancel; failures with their reason. */
export function UploadQueue({ conversationId }: { conversationId: number }) {
  const { t, i18n } = useTranslation();
  const all = useStore(uploadStore, (s) => s);
  const uploads = useMemo(() => all.filter((u) => u.conversationId === conversationId), [all, conversationId]);
  if (uploads.length === 0) return null;
  return (
    <ul className="upload-queue" data-testid="upload-queue" aria-live="polite">
      {uploads.map((u) => {
        const percent = u.size > 0 ? Math.round((u.loaded / u.size) * 100) : 100;
        return (
          <li key={u.key} className={`upload upload--${u.status === 'refused' ? 'failed' : u.status}`} data-testid="upload" data-status={u.status}>
            <span className="upload__name" title={u.name}>
              {u.name}
            </span>
            <span className="upload__size">{formatFileSize(u.size, i18n.language)}</span>
            {u.status === 'refused' ? (
              <span className="upload__error" role="alert" data-testid="upload-refused">
                {refusalText(u, t, i18n.language)}
              </span>
            ) : u.status === 'failed' ? (
              <span className="upload__error" role="alert">
                {u.error ? errorText(u.error, t) : t('files.failed')}
              </span>
            ) : (
              <progress max={100} value={percent} aria-label={t('files.progress', { name: u.name, percent })} />
            )}
            <button type="button" className="link-button" onClick={() => cancelUpload(u.key)} data-testid="upload-cancel">
              {u.status === 'failed' || u.status === 'refused' ? t('files.dismiss') : t('common.cancel')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** "Not sent: SMS/MMS carries files up to 5 MB." — why the channel could not take the file. */
function refusalText(upload: Upload, t: TFunction, language: string): string {
  const refusal = upload.refusal;
  if (!refusal) return t('files.failed');
  const channel = t(`channels.${refusal.channel}`);
  return refusal.reason === 'type'
    ? t('files.refusedType', { channel })
    : t('files.refusedSize', { channel, limit: formatFileSize(refusal.maxBytes, language) });
}
