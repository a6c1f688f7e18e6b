import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { expectedSignature, verifySignature } from './signature.js';

const TOKEN = '12345';
const URL_ = 'https://chat.example.com:8443/webhooks/abc?status=1';
const PARAMS = { Digits: '1234', To: '+18005551212', From: '+14158675310', Body: 'Grüße 👋 & =', Caller: '+14158675310', CallSid: 'CA1234567890ABCDE' };

/** Checked against the official `twilio` package, never against our own arithmetic. */
describe('X-Twilio-Signature', () => {
  it('computes what the twilio package computes, for any parameters and URLs', () => {
    for (const [url, params] of [
      [URL_, PARAMS],
      ['https://example.com/webhooks/k', {}],
      ['http://127.0.0.1:4000/webhooks/k', { b: '2', a: '1', A: '0', aa: '' }],
    ] as const) {
      const ours = expectedSignature(TOKEN, url, new URLSearchParams(params));
      expect(ours).toBe(twilio.getExpectedTwilioSignature(TOKEN, url, params));
      expect(twilio.validateRequest(TOKEN, ours, url, params)).toBe(true);
    }
  });

  it('accepts only the right signature over the exact URL and parameters', () => {
    const good = twilio.getExpectedTwilioSignature(TOKEN, URL_, PARAMS);
    const form = new URLSearchParams(PARAMS);
    expect(verifySignature(TOKEN, URL_, form, good)).toBe(true);
    expect(verifySignature(TOKEN, URL_, form, ` ${good} `)).toBe(true);
    expect(verifySignature('other', URL_, form, good)).toBe(false);
    expect(verifySignature(TOKEN, URL_.replace('8443', '443'), form, good)).toBe(false);
    expect(verifySignature(TOKEN, URL_.replace('status=1', 'status=2'), form, good)).toBe(false);
    expect(verifySignature(TOKEN, URL_, new URLSearchParams({ ...PARAMS, Body: 'changed' }), good)).toBe(false);
    expect(verifySignature(TOKEN, URL_, form, undefined)).toBe(false);
    expect(verifySignature(TOKEN, URL_, form, '')).toBe(false);
    // An empty token would let anyone sign.
    expect(verifySignature('', URL_, form, twilio.getExpectedTwilioSignature('', URL_, PARAMS))).toBe(false);
  });
});
