import type { ErrorBody, Message, UploadedFiles } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { api, ApiError } from '../lib/api';
import { newClientId } from '../lib/ids';
import { createStore } from '../lib/store';
import { applyMessage } from '../chat/chatStore';

/** As many files as one message may carry (the widget holds the same). */
export const MAX_STAGED_FILES = 10;

export interface Upload {
  key: string;
  conversationId: number;
  name: string;
  size: number;
  loaded: number;
  /** Uploading now; uploaded and waiting for Send (`fileId`); or refused. */
  status: 'uploading' | 'ready' | 'failed';
  fileId: number | null;
  /** A local picture of an image while it waits, so the agent sees what they are about to send. */
  preview: string | null;
  /** Why it failed, worded by errorText in the reader's language. */
  error: unknown;
}

/**
 * Files picked, pasted or dropped into a conversation: each uploads at once on its own (own progress, own
 * cancel), then waits as a chip until Send carries them in one message with the typed text as caption.
 */
export const uploadStore = createStore<readonly Upload[]>([]);
const requests = new Map<string, XMLHttpRequest>();
let counter = 0;

const update = (key: string, change: Partial<Upload>) => uploadStore.set((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
const present = (key: string) => uploadStore.get().some((u) => u.key === key);

export const stagedIn = (list: readonly Upload[], conversationId: number) => list.filter((u) => u.conversationId === conversationId);

export function uploadFiles(conversationId: number, files: readonly File[]): void {
  for (const file of files) {
    const key = `u${++counter}`;
    const full = stagedIn(uploadStore.get(), conversationId).filter((u) => u.status !== 'failed').length >= MAX_STAGED_FILES;
    const preview = !full && file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
    const error = full ? new ApiError(400, 'TOO_MANY_FILES', '', { max: String(MAX_STAGED_FILES) }) : null;
    uploadStore.set((list) => [
      ...list,
      { key, conversationId, name: file.name, size: file.size, loaded: 0, status: full ? 'failed' : 'uploading', fileId: null, preview, error },
    ]);
    if (!full) void upload(key, conversationId, file);
  }
}

/** Cancels an upload under way, or takes a waiting or refused file off the next message. */
export function removeUpload(key: string): void {
  requests.get(key)?.abort();
  requests.delete(key);
  const gone = uploadStore.get().find((u) => u.key === key);
  if (gone?.preview) URL.revokeObjectURL(gone.preview);
  uploadStore.set((list) => list.filter((u) => u.key !== key));
}

/** On sign-out: nothing staged by one person may wait in the composer of the next one to sign in here. */
export function discardUploads(): void {
  for (const u of uploadStore.get()) removeUpload(u.key);
}

/**
 * Sends the files waiting in the conversation with `caption` as the message text, in one message. They
 * stay staged when it fails, so nothing is lost; the refusal is thrown for the composer to show.
 */
export async function sendStaged(conversationId: number, caption: string): Promise<void> {
  const ready = stagedIn(uploadStore.get(), conversationId).filter((u) => u.status === 'ready');
  if (ready.length === 0) return;
  const message = await api<Message>('POST', `/api/conversations/${conversationId}/messages`, {
    clientId: newClientId(),
    body: caption,
    fileIds: ready.map((u) => u.fileId),
  });
  applyMessage(message, currentUser().id, false);
  for (const u of ready) removeUpload(u.key);
}

async function upload(key: string, conversationId: number, file: File): Promise<void> {
  try {
    const uploaded = await post(key, `/api/conversations/${conversationId}/files`, file);
    if (!present(key)) return; // cancelled
    update(key, { status: 'ready', loaded: file.size, fileId: uploaded.files[0]?.id ?? null });
  } catch (err) {
    if (!present(key)) return;
    update(key, { status: 'failed', error: err });
  }
}

/** XMLHttpRequest rather than fetch: it reports upload progress and can be aborted mid-way. */
function post(key: string, url: string, file: File): Promise<UploadedFiles> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    requests.set(key, xhr);
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => update(key, { loaded: e.loaded });
    xhr.onload = () => {
      requests.delete(key);
      const body = xhr.response as (UploadedFiles & Partial<ErrorBody>) | null;
      if (xhr.status === 200 && body) resolve(body);
      else reject(new ApiError(xhr.status, body?.error?.code ?? `HTTP_${xhr.status}`, body?.error?.message ?? '', body?.error?.params));
    };
    xhr.onerror = () => {
      requests.delete(key);
      reject(new ApiError(0, 'NETWORK', ''));
    };
    xhr.onabort = () => reject(new ApiError(0, 'CANCELLED', ''));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
