// Switchboard's service worker. It keeps the app shell (index.html, the built scripts and styles,
// icons, sounds) so the installed app starts without a network, and shows notifications on
// browsers that only allow them from a service worker (Chrome on Android).
// It never touches /api or /ws: chats and sign-in are live data and must fail visibly offline.
const CACHE = 'switchboard-shell-v1';
const STATIC = ['/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

const isLive = (url) => url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname.startsWith('/ws/');
const isShellPage = (url) => url.pathname === '/' || url.pathname === '/index.html';
/** Every built file of this release (written by the build: web/vite.config.ts), lazily loaded chunks too. */
const currentAssets = async () => (await fetch('/assets.json', { cache: 'no-cache' })).json();

/** Keeps a fresh index.html and drops the built files this release no longer has (left from an older one). */
async function keepShell(response) {
  const cache = await caches.open(CACHE);
  await cache.put('/', response);
  const assets = await currentAssets();
  const current = new Set(assets);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !current.has(path)) await cache.delete(request);
  }
  return assets;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const assets = await keepShell(await fetch('/', { cache: 'no-cache' }));
      const cache = await caches.open(CACHE);
      await cache.addAll([...STATIC, ...assets]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** The page itself: the network when there is one (a new release shows at once), else the kept copy. */
async function shellPage(event) {
  try {
    const response = await fetch(event.request);
    // Kept after answering: the page need not wait for the cache.
    if (response.ok) event.waitUntil(keepShell(response.clone()));
    return response;
  } catch {
    return (await caches.match('/')) ?? Response.error();
  }
}

/** Built files have their hash in the name and never change: the kept copy is always right. */
async function builtFile(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

/** Icons, sounds, the manifest: the network first, the kept copy offline. */
async function publicFile(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch {
    return (await caches.match(request)) ?? Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || isLive(url)) return;
  if (request.mode === 'navigate') {
    // Only the agent app's page: /demo and the like are not part of the installed app.
    if (isShellPage(url)) event.respondWith(shellPage(event));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(builtFile(request));
  else if (url.pathname.startsWith('/icons/') || url.pathname.startsWith('/sounds/') || url.pathname === '/manifest.webmanifest')
    event.respondWith(publicFile(request));
});

/** A click on a notification opens its chat: in the open app if there is one, else in a new window. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const conversationId = event.notification.data?.conversationId;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const app = windows.find((client) => isShellPage(new URL(client.url)));
      if (app) {
        await app.focus();
        app.postMessage({ type: 'open-chat', conversationId });
      } else {
        await self.clients.openWindow(conversationId ? `/#/chat/${conversationId}` : '/#/chat');
      }
    })(),
  );
});
