import { useMemo, useState, type ClipboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { useStore } from '../lib/store';
import { sendStaged, stagedIn, uploadFiles, uploadStore } from './uploads';

/**
 * The composer's view of the files waiting in a conversation: whether any wait (the text becomes their
 * caption), whether Send may go (none still uploading, at least one uploaded), pasting images, sending.
 */
export function useStagedFiles(conversationId: number) {
  const { t } = useTranslation();
  const all = useStore(uploadStore, (s) => s);
  const list = useMemo(() => stagedIn(all, conversationId), [all, conversationId]);
  const [error, setError] = useState('');
  const waiting = list.some((u) => u.status !== 'failed');
  const sendable = list.some((u) => u.status === 'ready') && !list.some((u) => u.status === 'uploading');

  /** A screenshot or copied picture pasted into the box waits like a picked file; text pastes as text. */
  const paste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(e.clipboardData.files);
    if (files.length === 0) return;
    e.preventDefault();
    uploadFiles(
      conversationId,
      files.map((f, i) => (f.name && f.name !== 'image.png' ? f : renamed(f, i))),
    );
  };

  const send = async (caption: string) => {
    setError('');
    try {
      await sendStaged(conversationId, caption);
    } catch (err) {
      setError(errorText(err, t));
      throw err;
    }
  };

  return { waiting, sendable, error, paste, send };
}

/** Clipboard images come as "image.png": give each a name the receiver can tell apart, with the time. */
function renamed(file: File, index: number): File {
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '.');
  const extension = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  return new File([file], `Pasted image ${stamp}${index ? ` (${index + 1})` : ''}.${extension}`, { type: file.type });
}
