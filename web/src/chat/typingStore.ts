import { createStore } from '../lib/store';

/** How long an indicator shows without a new typing event (senders repeat theirs every 3 s while typing). */
export const TYPING_SHOWN_MS = 6000;
/** How often I tell the others that I am typing; the server passes no more than one per 3 s either. */
export const TYPING_EVERY_MS = 3000;

export interface Typist {
  /** The colleague; undefined for the customer (live chat visitor). */
  userId: number | undefined;
  name: string;
  until: number;
}

/** Who is typing where, by conversation. Never stored anywhere: it lives as long as the events keep coming. */
export const typingStore = createStore<Readonly<Record<number, readonly Typist[]>>>({});

let sweep: ReturnType<typeof setTimeout> | undefined;

function scheduleSweep(): void {
  clearTimeout(sweep);
  const all = Object.values(typingStore.get()).flat();
  if (all.length === 0) return;
  const next = Math.min(...all.map((t) => t.until));
  sweep = setTimeout(
    () => {
      expireTyping(Date.now());
      scheduleSweep();
    },
    Math.max(0, next - Date.now()) + 10,
  );
}

function update(conversationId: number, change: (list: readonly Typist[]) => readonly Typist[]): void {
  typingStore.set((state) => {
    const before = state[conversationId] ?? [];
    const after = change(before);
    if (after === before) return state;
    const next = { ...state };
    if (after.length) next[conversationId] = after;
    else delete next[conversationId];
    return next;
  });
  scheduleSweep();
}

/** A typing event arrived: show (or keep showing) its sender for a few seconds. */
export function noteTyping(event: { conversationId: number; userId?: number; name: string }, now: number): void {
  update(event.conversationId, (list) => [
    ...list.filter((t) => t.userId !== event.userId),
    { userId: event.userId, name: event.name, until: now + TYPING_SHOWN_MS },
  ]);
}

/** Their message arrived: they are no longer typing it. */
export function stopTyping(conversationId: number, userId: number | undefined): void {
  update(conversationId, (list) => (list.some((t) => t.userId === userId) ? list.filter((t) => t.userId !== userId) : list));
}

export function expireTyping(now: number): void {
  typingStore.set((state) => {
    let changed = false;
    const next: Record<number, readonly Typist[]> = {};
    for (const [id, list] of Object.entries(state)) {
      const kept = list.filter((t) => t.until > now);
      if (kept.length !== list.length) changed = true;
      if (kept.length) next[Number(id)] = kept;
    }
    return changed ? next : state;
  });
}

const lastTold = new Map<number, number>();

/** I typed in a conversation: tell the others, at most every 3 s. */
export function shouldTellTyping(conversationId: number, now: number): boolean {
  const last = lastTold.get(conversationId) ?? 0;
  if (now - last < TYPING_EVERY_MS) return false;
  lastTold.set(conversationId, now);
  return true;
}

/** I sent my message: the next keystroke starts a new indicator at once. */
export function resetTold(conversationId: number): void {
  lastTold.delete(conversationId);
}
