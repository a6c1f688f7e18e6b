import { useEffect } from 'react';
import { useStore } from '../lib/store';
import { DEFAULT_CHAT_SETTINGS, settingsStore, soundUrl } from '../settings/settingsStore';

/** How often the ringtone starts again while a call rings (the bundled sounds are about a second long). */
export const RING_EVERY_MS = 3000;

/**
 * Rings while `ringing`: the user's own notification sound (Settings › Chat) over and over, or nothing when
 * they turned sounds off. Stops the moment the call is answered, declined, or rings out.
 */
export function useRingtone(ringing: boolean): void {
  const settings = useStore(settingsStore, (s) => s.chat) ?? DEFAULT_CHAT_SETTINGS;
  const url = settings.playSound ? soundUrl(settings.sound, settings) : null;
  useEffect(() => {
    if (!ringing || url === null) return;
    const audio = new Audio(url);
    const ring = () => {
      audio.currentTime = 0;
      // The browser may refuse sound before the first click on the page: then the dialog rings silently.
      void audio.play().catch(() => undefined);
    };
    ring();
    const timer = setInterval(ring, RING_EVERY_MS);
    return () => {
      clearInterval(timer);
      audio.pause();
    };
  }, [ringing, url]);
}
