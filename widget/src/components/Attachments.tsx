/** @jsxImportSource preact */
import type { Attachment } from '@switchboard/protocol';
import { fill, type Strings } from '../i18n.js';
import { FileIcon } from './icons.js';
import { formatFileSize } from '@switchboard/protocol/file-size';

export type FileUrl = (id: number, variant?: '' | '/display' | '/thumbnail') => string;

const THUMB_PX = 200;

/** A message's files: images as thumbnails opening the display version, documents as download chips. */
export function Attachments({ files, url, t, locale }: { files: Attachment[]; url: FileUrl; t: Strings; locale: string }) {
  return (
    <div class="sb-files">
      {files.map((file) => {
        if (file.kind === 'image' && file.hasThumbnail) {
          const scale = file.width && file.height ? Math.min(1, THUMB_PX / Math.max(file.width, file.height)) : 0;
          return (
            <a
              key={file.id}
              class="sb-thumb"
              href={url(file.id, file.hasDisplay ? '/display' : '')}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={fill(t.openImage, { name: file.name })}
              data-testid="widget-image"
            >
              <img
                src={url(file.id, '/thumbnail')}
                alt={file.name}
                loading="lazy"
                width={scale ? Math.round(file.width! * scale) : undefined}
                height={scale ? Math.round(file.height! * scale) : undefined}
              />
            </a>
          );
        }
        return (
          <a
            key={file.id}
            class="sb-file"
            href={url(file.id)}
            target="_blank"
            rel="noopener noreferrer"
            download={file.name}
            aria-label={fill(t.download, { name: file.name })}
            data-testid="widget-file"
          >
            <span class="sb-file-icon">
              <FileIcon />
            </span>
            <span class="sb-file-text">
              <span class="sb-file-name">{file.name}</span>
              <span class="sb-file-size">{formatFileSize(file.size, locale)}</span>
            </span>
          </a>
        );
      })}
    </div>
  );
}
