import type { Attachment } from '@switchboard/protocol';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Lightbox from 'yet-another-react-lightbox';
import Captions from 'yet-another-react-lightbox/plugins/captions';
import Counter from 'yet-another-react-lightbox/plugins/counter';
import Download from 'yet-another-react-lightbox/plugins/download';
import Zoom from 'yet-another-react-lightbox/plugins/zoom';
import 'yet-another-react-lightbox/styles.css';
import 'yet-another-react-lightbox/plugins/captions.css';
import 'yet-another-react-lightbox/plugins/counter.css';
import { fileUrl } from './fileUrl';

/** Images the viewer can show: those the server made a browser-safe display or thumbnail version of. */
export const viewable = (file: Attachment) => file.kind === 'image' && file.hasThumbnail;

const Gallery = createContext<((fileId: number) => void) | null>(null);

/** Opens an image in the viewer of the nearest gallery (the conversation's images), if there is one. */
export const useOpenImage = () => useContext(Gallery);

/**
 * The images of a conversation, in order, for the viewer: opening one lets the agent page through the
 * others. yet-another-react-lightbox does the viewing (pinch and wheel zoom, swipe, keys, focus trap):
 * a well-kept library rather than our own gesture handling.
 */
export function ImageGallery({ images, children }: { images: readonly Attachment[]; children: ReactNode }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(-1);
  const open = useCallback((fileId: number) => setIndex(images.findIndex((f) => f.id === fileId)), [images]);
  const slides = useMemo(
    () =>
      images.map((file) => ({
        src: fileUrl(file.id, file.hasDisplay ? '/display' : ''),
        alt: file.name,
        title: file.name,
        width: file.width ?? undefined,
        height: file.height ?? undefined,
        download: { url: fileUrl(file.id), filename: file.name },
      })),
    [images],
  );
  return (
    <Gallery.Provider value={open}>
      {children}
      {index >= 0 && (
        <Lightbox
          open
          index={index}
          close={() => setIndex(-1)}
          slides={slides}
          plugins={[Captions, Zoom, Download, Counter]}
          carousel={{ finite: true, preload: 1 }}
          zoom={{ maxZoomPixelRatio: 3, scrollToZoom: true }}
          controller={{ closeOnBackdropClick: true }}
          on={{ view: ({ index: shown }) => setIndex(shown) }}
          className="image-viewer"
          labels={{
            Previous: t('viewer.previous'),
            Next: t('viewer.next'),
            Close: t('viewer.close'),
            'Zoom in': t('viewer.zoomIn'),
            'Zoom out': t('viewer.zoomOut'),
            Download: t('viewer.download'),
            Lightbox: t('viewer.title'),
            '{index} of {total}': t('viewer.counter', { index: '{index}', total: '{total}' }),
          }}
        />
      )}
    </Gallery.Provider>
  );
}

/** The gallery of a conversation's loaded messages: every image, oldest first. */
export function ConversationImages({ messages, children }: { messages: readonly { attachments: readonly Attachment[] }[]; children: ReactNode }) {
  const images = useMemo(() => messages.flatMap((m) => m.attachments.filter(viewable)), [messages]);
  return <ImageGallery images={images}>{children}</ImageGallery>;
}
