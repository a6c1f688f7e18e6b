import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallPeer, MAX_ICE_RESTARTS } from './call-peer.js';
import type { CallSignal } from './calls.js';

/** Just enough of RTCPeerConnection to see what CallPeer asks of it; the browser's own is exercised in e2e/calls. */
class FakePeerConnection {
  static last: FakePeerConnection;
  connectionState: RTCPeerConnectionState = 'new';
  onconnectionstatechange: (() => void) | null = null;
  onicecandidate: unknown = null;
  ontrack: unknown = null;
  restartIceCalls = 0;
  offers: (RTCOfferOptions | undefined)[] = [];
  constructor() {
    FakePeerConnection.last = this;
  }
  addTrack() {
    return { replaceTrack: async () => undefined };
  }
  addTransceiver() {}
  restartIce() {
    this.restartIceCalls++;
  }
  async createOffer(options?: RTCOfferOptions) {
    this.offers.push(options);
    return { type: 'offer', sdp: `offer-${this.offers.length}` };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'answer' };
  }
  async setLocalDescription() {}
  async setRemoteDescription() {}
  async addIceCandidate() {}
  close() {}
  /** The browser telling us the connection state changed. */
  become(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

const stream = () => ({ getTracks: () => [] }) as unknown as MediaStream;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ICE restart when a call’s connection fails', () => {
  const original = globalThis.RTCPeerConnection;
  beforeEach(() => {
    globalThis.RTCPeerConnection = FakePeerConnection as unknown as typeof RTCPeerConnection;
  });
  afterEach(() => {
    globalThis.RTCPeerConnection = original;
  });

  const peer = () => {
    const sent: CallSignal[] = [];
    const callPeer = new CallPeer(stream(), { iceServers: [], send: (s) => sent.push(s), onRemoteStream: () => undefined });
    return { callPeer, sent, pc: FakePeerConnection.last };
  };

  it('has the side that offered restart ICE and send a new offer, a few times at most', async () => {
    const { callPeer, sent, pc } = peer();
    await callPeer.offer(false);
    pc.become('connected');
    pc.become('failed');
    await settle();
    expect(pc.restartIceCalls).toBe(1);
    expect(pc.offers.at(-1)).toEqual({ iceRestart: true });
    expect(sent.map((s) => s.kind)).toEqual(['offer', 'offer']);
    for (let i = 0; i < MAX_ICE_RESTARTS + 2; i++) {
      pc.become('failed');
      await settle();
    }
    expect(pc.restartIceCalls).toBe(MAX_ICE_RESTARTS);
  });

  it('leaves the restart to the offerer on the side that answered, and to nobody once the call is closed', async () => {
    const answering = peer();
    await answering.callPeer.receive({ kind: 'offer', sdp: 'v=0' });
    answering.pc.become('failed');
    await settle();
    expect(answering.pc.restartIceCalls).toBe(0);
    expect(answering.sent.map((s) => s.kind)).toEqual(['answer']);

    const offering = peer();
    await offering.callPeer.offer(false);
    offering.callPeer.close();
    offering.pc.become('failed');
    await settle();
    expect(offering.pc.restartIceCalls).toBe(0);
  });
});
