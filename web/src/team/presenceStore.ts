import type { Presence, PresenceStatus } from '@switchboard/protocol';
import { createStore, useStore } from '../lib/store';

interface PresenceState {
  byUser: Readonly<Record<number, Presence>>;
  mine: PresenceStatus;
}

const initial: PresenceState = { byUser: {}, mine: 'available' };

export const presenceStore = createStore<PresenceState>(initial);

export function resetPresence(): void {
  presenceStore.set(() => initial);
}

export function setPresences(entries: ReadonlyArray<{ id: number; presence: Presence }>): void {
  presenceStore.set((s) => {
    const byUser = { ...s.byUser };
    for (const { id, presence } of entries) byUser[id] = presence;
    return { ...s, byUser };
  });
}

export function setMyPresence(mine: PresenceStatus): void {
  presenceStore.set((s) => ({ ...s, mine }));
}

/** Live presence for a user, falling back to what the last list said. */
export function usePresence(userId: number, fallback: Presence = 'offline'): Presence {
  return useStore(presenceStore, (s) => s.byUser[userId] ?? fallback);
}

export function useMyPresence(): PresenceStatus {
  return useStore(presenceStore, (s) => s.mine);
}
