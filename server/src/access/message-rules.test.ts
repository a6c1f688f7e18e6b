import { describe, expect, it } from 'vitest';
import { mayChangeMessage, type MessageFacts } from './message-rules.js';

const base: MessageFacts = { own: true, internal: true, member: true, deleted: false, ageMs: 60_000, windowMs: 15 * 60_000 };

describe('who may edit or delete a message', () => {
  it.each([
    ['its author, in an internal chat, within the window', {}, true],
    ['its author at the last moment of the window', { ageMs: 15 * 60_000 }, true],
    ['its author after the window', { ageMs: 15 * 60_000 + 1 }, false],
    ['a colleague who did not write it', { own: false }, false],
    ['its author in a customer chat (the customer has it)', { internal: false }, false],
    ['its author after leaving or being removed from the chat', { member: false }, false],
    ['its author once it is deleted', { deleted: true }, false],
  ] as const)('%s: %s', (_name, change, allowed) => {
    expect(mayChangeMessage({ ...base, ...change })).toBe(allowed);
  });
});
