import { beforeEach, describe, expect, it } from 'vitest';
import { expireTyping, noteTyping, shouldTellTyping, stopTyping, TYPING_SHOWN_MS, typingStore } from './typingStore';

describe('typing indicators', () => {
  beforeEach(() => typingStore.set(() => ({})));

  it('shows a sender until six seconds after their last event, once per sender', () => {
    noteTyping({ conversationId: 7, userId: 2, name: 'Ben' }, 1000);
    noteTyping({ conversationId: 7, userId: 2, name: 'Ben' }, 4000);
    noteTyping({ conversationId: 7, name: 'Jane Visitor' }, 4000);
    expect(typingStore.get()[7]!.map((t) => t.name)).toEqual(['Ben', 'Jane Visitor']);
    expireTyping(4000 + TYPING_SHOWN_MS - 1);
    expect(typingStore.get()[7]).toHaveLength(2);
    expireTyping(4000 + TYPING_SHOWN_MS);
    expect(typingStore.get()[7]).toBeUndefined();
  });

  it('drops a sender as soon as their message arrives', () => {
    noteTyping({ conversationId: 7, userId: 2, name: 'Ben' }, 1000);
    noteTyping({ conversationId: 7, name: 'Jane Visitor' }, 1000);
    stopTyping(7, undefined);
    expect(typingStore.get()[7]!.map((t) => t.name)).toEqual(['Ben']);
  });

  it('tells the others at most every three seconds per conversation', () => {
    expect(shouldTellTyping(9, 10_000)).toBe(true);
    expect(shouldTellTyping(9, 12_999)).toBe(false);
    expect(shouldTellTyping(8, 12_999)).toBe(true);
    expect(shouldTellTyping(9, 13_000)).toBe(true);
  });
});
