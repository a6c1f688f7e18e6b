import { describe, expect, it } from 'vitest';
import { messagingType } from './send.js';

const HOUR = 60 * 60 * 1000;
const NOW = 1_790_000_000_000;

describe('Messenger messaging type', () => {
  it('answers as a RESPONSE within 24 hours of the customer’s last message', () => {
    expect(messagingType(NOW - 23 * HOUR, NOW, false)).toEqual({ messaging_type: 'RESPONSE' });
    expect(messagingType(NOW - 23 * HOUR, NOW, true)).toEqual({ messaging_type: 'RESPONSE' });
  });

  it('tags HUMAN_AGENT between 24 hours and 7 days only when the account may', () => {
    expect(messagingType(NOW - 25 * HOUR, NOW, true)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(messagingType(NOW - 25 * HOUR, NOW, false)).toMatchObject({ ok: false, retry: false, code: 'REPLY_WINDOW_CLOSED' });
    expect(messagingType(NOW - 7 * 24 * HOUR - 1, NOW, true)).toMatchObject({ ok: false, code: 'REPLY_WINDOW_CLOSED' });
  });

  it('refuses when the customer never wrote', () => {
    expect(messagingType(null, NOW, true)).toMatchObject({ ok: false, code: 'REPLY_WINDOW_CLOSED' });
  });
});
