import type { Page } from 'playwright-core';

/**
 * Records every RTCPeerConnection the page makes (before its own scripts run), so a test can read the
 * connection's state and its RTP statistics the way chrome://webrtc-internals would, without a hook in the app.
 */
export async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = seen;
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        seen.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface RtpBytes {
  state: string;
  /** Bytes received per kind (inbound-rtp) and sent (outbound-rtp), of the newest connection. */
  inAudio: number;
  inVideo: number;
  outAudio: number;
  outVideo: number;
}

/** The newest peer connection's state and byte counters; null before there is one. */
export function rtpBytes(page: Page): Promise<RtpBytes | null> {
  return page.evaluate(async () => {
    const list = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    const pc = list.at(-1);
    if (!pc) return null;
    const bytes = { state: pc.connectionState, inAudio: 0, inVideo: 0, outAudio: 0, outVideo: 0 };
    const stats = await pc.getStats();
    stats.forEach((s: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
      if (s.type === 'inbound-rtp') bytes[s.kind === 'video' ? 'inVideo' : 'inAudio'] += s.bytesReceived ?? 0;
      if (s.type === 'outbound-rtp') bytes[s.kind === 'video' ? 'outVideo' : 'outAudio'] += s.bytesSent ?? 0;
    });
    return bytes;
  });
}

/** Waits until the counter has grown past what it was when called (media is flowing). */
export async function grows(page: Page, pick: (b: RtpBytes) => number, timeoutMs = 15_000): Promise<void> {
  const start = await rtpBytes(page);
  const from = start ? pick(start) : 0;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = await rtpBytes(page);
    if (now && pick(now) > from) return;
    if (Date.now() > until) throw new Error(`byte counter stayed at ${from}`);
    await page.waitForTimeout(250);
  }
}

/** Whether the counter stays put for `quietMs` (nothing sent), trying until `timeoutMs`. */
export async function standsStill(page: Page, pick: (b: RtpBytes) => number, quietMs = 1500, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const before = await rtpBytes(page);
    await page.waitForTimeout(quietMs);
    const after = await rtpBytes(page);
    if (before && after && pick(before) === pick(after)) return true;
  }
  return false;
}
