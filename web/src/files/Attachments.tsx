import type { Attachment } from '@switchboard/protocol';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '@switchboard/protocol/file-size';
import './files.css';

import { fileUrl } from './fileUrl';
import { ImageGallery, useOpenImage, viewable } from './ImageViewer';

export { fileUrl };

const DOC_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.ms-powerpoint': 'PPT',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'text/plain': 'TXT',
  'application/rtf': 'RTF',
};

function DocumentIcon({ label }: { label: string }) {
  return (
    <span className={`file-chip__icon file-chip__icon--${label.toLowerCase().replace(/x$/, '')}`} aria-hidden="true">
      <svg width="28" height="34" viewBox="0 0 28 34">
        <path d="M2 2h16l8 8v22H2z" fill="currentColor" opacity="0.12" stroke="currentColor" strokeWidth="1.5" />
        <path d="M18 2v8h8" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span>{label}</span>
    </span>
  );
}

const THUMB_BOX = 240;
/** Reserves the thumbnail's space before it loads, so the list does not jump. */
function thumbSize(file: Attachment): { width?: number; height?: number } {
  if (!file.width || !file.height) return {};
  const scale = Math.min(1, THUMB_BOX / Math.max(file.width, file.height));
  return { width: Math.round(file.width * scale), height: Math.round(file.height * scale) };
}

/**
 * The files of one message: images as thumbnails that open in the viewer (paging through the conversation's
 * images when a gallery is around, else this message's), documents as chips that download.
 */
export function Attachments({ list }: { list: readonly Attachment[] }) {
  const inGallery = useOpenImage();
  if (list.length === 0) return null;
  if (inGallery) return <AttachmentList list={list} />;
  return (
    <ImageGallery images={list.filter(viewable)}>
      <AttachmentList list={list} />
    </ImageGallery>
  );
}

function AttachmentList({ list }: { list: readonly Attachment[] }) {
  const { t, i18n } = useTranslation();
  const openImage = useOpenImage();
  /** A plain click opens the viewer; with a modifier key the link does what links do (a new tab). */
  const onImageClick = (e: MouseEvent<HTMLAnchorElement>, file: Attachment) => {
    if (!openImage || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    openImage(file.id);
  };
  return (
    <div className="attachments" data-testid="attachments">
      {list.map((file) =>
        viewable(file) ? (
          <a
            key={file.id}
            onClick={(e) => onImageClick(e, file)}
            className="attachment-image"
            href={fileUrl(file.id, file.hasDisplay ? '/display' : '')}
            target="_blank"
            rel="noopener"
            title={t('files.openImage', { name: file.name })}
          >
            <img src={fileUrl(file.id, '/thumbnail')} alt={file.name} loading="lazy" {...thumbSize(file)} data-testid="attachment-thumbnail" />
          </a>
        ) : (
          <a
            key={file.id}
            className="file-chip"
            href={fileUrl(file.id)}
            download={file.name}
            data-testid="attachment-document"
            title={t('files.download', { name: file.name })}
          >
            <DocumentIcon label={DOC_LABELS[file.mime] ?? file.name.split('.').pop()?.toUpperCase() ?? ''} />
            <span className="file-chip__text">
              <span className="file-chip__name">{file.name}</span>
              <span className="file-chip__size">{formatFileSize(file.size, i18n.language)}</span>
            </span>
          </a>
        ),
      )}
    </div>
  );
}
