import type { Conversation, DurableEvent, Channel } from '@switchboard/protocol';
import i18n from '../i18n';
import { createStore } from '../lib/store';
import { chatStore } from '../chat/chatStore';
import { conversationTitle } from '../chat/conversationInfo';
import { navigate } from '../app/route';
import { chatSettings, loadSettings, playSound } from '../settings/settingsStore';
import { decideNotification, noticePerson, type Notice } from './decide';
import { showWorkerNotification } from '../pwa/serviceWorker';

export interface ChatToast {
  id: number;
  conversationId: number;
  title: string;
  text: string;
  /** Whom the toast is about, for its avatar. */
  person: string;
  /** A customer chat's channel (its icon on the toast); null for colleagues' chats. */
  channel: Channel | null;
}

/** The in-app chat toasters: click one to open its conversation. */
export const chatToastStore = createStore<readonly ChatToast[]>([]);

const SHOW_MS = 6000;
const PREVIEW_CHARS = 140;
const LOAD_RETRY_MS = 5000;
let nextId = 1;
/** The app's icon (as in the web app manifest), for browser notifications. */
const ICON = '/icons/icon-192.png';

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

function customerName(conversation: Conversation): string {
  return conversation.customer?.name || conversation.title || i18n.t('chat.customer');
}

/** The words of a notification, in the user's language. */
export function noticeText(notice: Notice, me: number): { title: string; text: string } {
  switch (notice.kind) {
    case 'message': {
      const c = notice.conversation;
      const sender = notice.senderName || (c ? conversationTitle(c, me) : '') || i18n.t('chat.customer');
      const title = c?.kind === 'group' ? i18n.t('notifications.inGroup', { name: sender, group: c.title }) : sender;
      return { title, text: preview(notice.body) };
    }
    case 'offered':
      return {
        title: i18n.t('notifications.offered', { name: customerName(notice.conversation) }),
        text: preview(notice.conversation.lastMessage?.body || i18n.t('notifications.viaQueue', { queue: notice.conversation.queue?.name ?? '' })),
      };
    case 'transferred':
      return {
        title: i18n.t('notifications.transferred', { name: customerName(notice.conversation) }),
        text: i18n.t('notifications.transferredBy', { name: notice.fromName }),
      };
    case 'missedCall':
      return {
        title: i18n.t('notifications.missedCall', { name: notice.callerName }),
        text: i18n.t(notice.video ? 'calls.videoCall' : 'calls.voiceCall'),
      };
    case 'assigned':
      return {
        title: i18n.t('notifications.assigned', { name: customerName(notice.conversation) }),
        text: preview(notice.conversation.lastMessage?.body ?? ''),
      };
  }
}

export function dismissChatToast(id: number): void {
  chatToastStore.set((list) => (list.some((t) => t.id === id) ? list.filter((t) => t.id !== id) : list));
}

export function openFromNotification(toast: Pick<ChatToast, 'id' | 'conversationId'>): void {
  dismissChatToast(toast.id);
  navigate({ view: 'chat', conversationId: toast.conversationId });
}

function showWebNotification(conversationId: number, title: string, text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const options = { body: text, tag: `switchboard-${conversationId}`, icon: ICON };
  try {
    const notification = new Notification(title, options);
    notification.onclick = () => {
      window.focus();
      navigate({ view: 'chat', conversationId });
      notification.close();
    };
  } catch {
    // Chrome on Android only allows notifications from a service worker; the toaster and sound work regardless.
    showWorkerNotification(conversationId, title, options).catch(() => undefined);
  }
}

/** Called with every live durable event before it is applied to the chat store (so the previous state is still there). */
export function notifyEvent(event: DurableEvent, me: number): void {
  const state = chatStore.get();
  const notice = decideNotification(event, {
    me,
    activeId: state.activeId,
    watching: document.visibilityState === 'visible',
    now: Date.now(),
    known: (id) => state.conversations[id],
  });
  if (!notice) return;
  const settings = chatSettings();
  const { title, text } = noticeText(notice, me);
  const id = nextId++;
  if (settings.toaster) {
    chatToastStore.set((list) => [
      ...list.filter((t) => t.conversationId !== notice.conversationId).slice(-2),
      { id, conversationId: notice.conversationId, title, text, person: noticePerson(notice, me), channel: notice.conversation?.channel ?? null },
    ]);
    setTimeout(() => dismissChatToast(id), SHOW_MS);
  }
  // With the toaster on, browser notifications are for when the tab is in the background.
  if (settings.webNotifications && (!settings.toaster || document.visibilityState !== 'visible' || !document.hasFocus())) {
    showWebNotification(notice.conversationId, title, text);
  }
  if (settings.playSound) playSound(settings.sound, settings);
}

/** Loads the user's settings (retrying while the server is away); the returned function clears the toasters. */
export function startNotifications(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    loadSettings().catch(() => {
      timer = setTimeout(attempt, LOAD_RETRY_MS);
    });
  };
  attempt();
  return () => {
    clearTimeout(timer);
    chatToastStore.set(() => []);
  };
}
