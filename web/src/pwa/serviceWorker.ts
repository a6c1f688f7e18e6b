import { navigate } from '../app/route';

/**
 * Registers /sw.js, which lets the installed app start offline (see web/public/sw.js). Production
 * builds only: under `vite dev` a cached shell would hide every code change.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data as { type?: string; conversationId?: unknown } | null;
    if (message?.type !== 'open-chat') return;
    const id = message.conversationId;
    navigate({ view: 'chat', conversationId: typeof id === 'number' ? id : null });
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('service worker not registered', err));
  });
}

/**
 * Shows a notification through the service worker, for browsers that refuse `new Notification()`
 * (Chrome on Android). A click on it opens the conversation (the worker's notificationclick).
 */
export async function showWorkerNotification(conversationId: number, title: string, options: NotificationOptions): Promise<void> {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  const registration = await navigator.serviceWorker.ready;
  await registration.showNotification(title, { ...options, data: { conversationId } });
}
