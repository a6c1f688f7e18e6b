import {
  type ChannelFileLimits,
  type ChannelType,
  type ErrorBody,
  type FileRefusal,
  fileRefusal,
  type Message,
  type UploadedFiles,
} from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { api, ApiError } from '../lib/api';
import { newClientId } from '../lib/ids';
import { createStore } from '../lib/store';
import { applyMessage } from '../chat/chatStore';

export interface Upload {
  key: string;
  conversationId: number;
  name: string;
  size: number;
  loaded: number;
  /** `refused`: the chat's channel cannot carry it (type or size), so it was never uploaded. */
  status: 'uploading' | 'sending' | 'failed' | 'refused';
  /** Why it failed, worded by errorText in the reader's language. */
  error: unknown;
  refusal?: FileRefusal & { channel: ChannelType };
}

/** The chat's channel and its provider's file limits (null: a colleague or live chat, only the upload limit). */
export type ChannelFiles = { channel: ChannelType; limits: ChannelFileLimits | null } | null;

/** Files on their way into a conversation: each is uploaded alone (own progress, own cancel), then sent. */
export const uploadStore = createStore<readonly Upload[]>([]);
const requests = new Map<string, XMLHttpRequest>();
let counter = 0;

const update = (key: string, change: Partial<Upload>) => uploadStore.set((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
const drop = (key: string) => uploadStore.set((list) => list.filter((u) => u.key !== key));

/**
 * Uploads each file and sends it as a message of its own; a file the chat's channel cannot carry is
 * not uploaded at all but listed with the reason, before anything is sent.
 */
export function uploadFiles(conversationId: number, files: readonly File[], channel: ChannelFiles = null): void {
  for (const file of files) {
    const key = `u${++counter}`;
    const refusal = channel && fileRefusal(file, channel.limits);
    if (channel && refusal) {
      const entry: Upload = { key, conversationId, name: file.name, size: file.size, loaded: 0, status: 'refused', error: null };
      uploadStore.set((list) => [...list, { ...entry, refusal: { ...refusal, channel: channel.channel } }]);
      continue;
    }
    uploadStore.set((list) => [...list, { key, conversationId, name: file.name, size: file.size, loaded: 0, status: 'uploading', error: null }]);
    void send(key, conversationId, file);
  }
}

export function cancelUpload(key: string): void {
  requests.get(key)?.abort();
  requests.delete(key);
  drop(key);
}

async function send(key: string, conversationId: number, file: File): Promise<void> {
  try {
    const uploaded = await post(key, `/api/conversations/${conversationId}/files`, file);
    if (!uploadStore.get().some((u) => u.key === key)) return; // cancelled
    update(key, { status: 'sending', loaded: file.size });
    const message = await api<Message>('POST', `/api/conversations/${conversationId}/messages`, {
      clientId: newClientId(),
      body: '',
      fileIds: uploaded.files.map((f) => f.id),
    });
    applyMessage(message, currentUser().id, false);
    drop(key);
  } catch (err) {
    if (!uploadStore.get().some((u) => u.key === key)) return;
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
