import type { ChatSettings, ChatSettingsInput, NotificationSound, OrgSettings } from '@switchboard/protocol';
import { api, ApiError } from '../lib/api';
import { createStore } from '../lib/store';

/** The bundled sounds under /sounds/ (web/public/sounds); `custom` is the user's own upload. */
export const BUNDLED_SOUNDS = ['chime', 'bell', 'pop', 'marimba'] as const satisfies readonly NotificationSound[];
export const CUSTOM_SOUND_MAX_BYTES = 500 * 1024;

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { toaster: true, webNotifications: false, playSound: true, sound: 'chime', customSound: null };

interface SettingsState {
  org: OrgSettings;
  /** Null until loaded; notifications use the defaults meanwhile. */
  chat: ChatSettings | null;
}

export const settingsStore = createStore<SettingsState>({ org: { defaultCountry: 'DE', clickToCallTemplate: '' }, chat: null });

export function chatSettings(): ChatSettings {
  return settingsStore.get().chat ?? DEFAULT_CHAT_SETTINGS;
}

export async function loadSettings(): Promise<void> {
  const [org, chat] = await Promise.all([api<OrgSettings>('GET', '/api/settings/org'), api<ChatSettings>('GET', '/api/me/settings/chat')]);
  settingsStore.set(() => ({ org, chat }));
}

function keep(chat: ChatSettings): ChatSettings {
  settingsStore.set((s) => ({ ...s, chat }));
  return chat;
}

/** Saves at once and shows the change before the server answers; a failure puts the previous settings back. */
export async function saveChatSettings(change: Partial<ChatSettingsInput>): Promise<ChatSettings> {
  const previous = chatSettings();
  const next = { ...previous, ...change };
  keep(next);
  try {
    const { customSound: _ignored, ...input } = next;
    return keep(await api<ChatSettings>('PUT', '/api/me/settings/chat', input));
  } catch (err) {
    keep(previous);
    throw err;
  }
}

export async function uploadSound(file: File): Promise<ChatSettings> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/me/settings/chat/sound', { method: 'POST', credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText);
  }
  return keep(data as ChatSettings);
}

export async function removeSound(): Promise<ChatSettings> {
  return keep(await api<ChatSettings>('DELETE', '/api/me/settings/chat/sound'));
}

/** Where a sound plays from; the custom one carries its size so a new upload is not served from cache. */
export function soundUrl(sound: NotificationSound, settings: ChatSettings = chatSettings()): string {
  if (sound === 'custom') return `/api/me/settings/chat/sound?v=${settings.customSound?.size ?? 0}`;
  return `/sounds/${sound}.ogg`;
}

let lastPlayed = 0;
const MIN_GAP_MS = 1000;

/** Plays a sound; a burst of notifications rings once. The browser may refuse before the first click: then silence. */
export function playSound(sound: NotificationSound, settings?: ChatSettings, force = false): void {
  const now = Date.now();
  if (!force && now - lastPlayed < MIN_GAP_MS) return;
  lastPlayed = now;
  const audio = new Audio(soundUrl(sound, settings));
  audio.volume = 0.8;
  void audio.play().catch(() => undefined);
}
