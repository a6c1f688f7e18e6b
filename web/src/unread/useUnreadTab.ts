import { useEffect } from 'react';
import { chatStore } from '../chat/chatStore';
import { useStore } from '../lib/store';
import { APP_NAME, totalUnread, unreadTitle } from './unread';

const ICON = '/icons/icon.svg';
const SIZE = 64;

let badged: Promise<string | null> | undefined;

/**
 * The app icon with a red dot in its corner, as a PNG data: URL (the CSP's img-src allows data:). A dot,
 * not the number: at 16 pixels digits are unreadable, and the title carries the count.
 */
function badgedIcon(): Promise<string | null> {
  badged ??= new Promise((resolve) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = SIZE;
      canvas.height = SIZE;
      const context = canvas.getContext('2d');
      if (!context) return resolve(null);
      context.drawImage(image, 0, 0, SIZE, SIZE);
      context.beginPath();
      context.arc(SIZE * 0.76, SIZE * 0.24, SIZE * 0.22, 0, 2 * Math.PI);
      context.fillStyle = '#e5484d';
      context.fill();
      context.lineWidth = SIZE * 0.06;
      context.strokeStyle = '#fff';
      context.stroke();
      resolve(canvas.toDataURL('image/png'));
    };
    image.onerror = () => resolve(null);
    image.src = ICON;
  });
  return badged;
}

function setFavicon(href: string): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link && link.getAttribute('href') !== href) link.href = href;
}

/** Shows the unread count in the tab's title and a dot on its icon, for agents working in another tab. */
export function useUnreadTab(): void {
  const unread = useStore(chatStore, (s) => totalUnread(s.conversations));

  useEffect(() => {
    document.title = unreadTitle(unread);
    if (unread === 0) {
      setFavicon(ICON);
      return;
    }
    let current = true;
    void badgedIcon().then((href) => {
      if (current && href) setFavicon(href);
    });
    return () => {
      current = false;
    };
  }, [unread]);

  // Signed out: the tab goes back to the plain name and icon.
  useEffect(
    () => () => {
      document.title = APP_NAME;
      setFavicon(ICON);
    },
    [],
  );
}
