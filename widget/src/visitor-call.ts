import type { CallView, VisitorClientFrame } from '@switchboard/protocol';
import { CallPeer } from '@switchboard/protocol/call-peer';
import type { Api } from './api.js';
import type { CallEvent } from './visitor-socket.js';

export interface CallSnapshot {
  /** The agent's request (ringing) or the call in progress; null when there is none. */
  call: CallView | null;
  /** The visitor pressed Start: asking for the microphone/camera, then connecting. */
  starting: boolean;
  muted: boolean;
  cameraOff: boolean;
  local: MediaStream | null;
  remote: MediaStream | null;
  connectedAt: number | null;
  /** Why the last attempt ended here: the browser refused the microphone, or the connection failed. */
  problem: 'media' | 'failed' | null;
}

const idle: CallSnapshot = { call: null, starting: false, muted: false, cameraOff: false, local: null, remote: null, connectedAt: null, problem: null };

/**
 * The visitor's side of a call the agent asked for: the widget shows the request, and the visitor starts the
 * call (the browser asks for the microphone and camera only then). The agent's device makes the WebRTC offer
 * once the visitor accepted; this side answers it.
 */
/** As long as the server waits for a dropped device in a connected call. */
const RECONNECT_GRACE_MS = 15_000;

export class VisitorCall {
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: CallSnapshot = idle;
  private peer: CallPeer | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: Api,
    private readonly token: () => string | undefined,
    private readonly send: (frame: VisitorClientFrame) => boolean,
  ) {}

  get(): CallSnapshot {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(video: boolean): Promise<void> {
    const call = this.snapshot.call;
    const token = this.token();
    if (!call || !token || this.snapshot.starting) return;
    this.set({ starting: true, problem: null });
    let local: MediaStream;
    try {
      local = await navigator.mediaDevices.getUserMedia({ audio: true, video: video && call.media === 'video' });
    } catch {
      this.send({ type: 'call.decline', callId: call.id });
      return this.finish('media');
    }
    try {
      const { iceServers } = await this.api.iceServers(token);
      this.peer = new CallPeer(local, {
        iceServers,
        send: (signal) => this.send({ type: 'call.signal', callId: call.id, signal }),
        onRemoteStream: (remote) => this.set({ remote }),
        onConnectionState: (state) => {
          if (state === 'connected' && this.snapshot.connectedAt === null) this.set({ connectedAt: Date.now() });
          if (state === 'failed') this.hangUp('failed');
        },
      });
      this.set({ local });
      if (!this.send({ type: 'call.accept', callId: call.id, video })) throw new Error('not connected');
    } catch {
      for (const track of local.getTracks()) track.stop();
      this.finish('failed');
    }
  }

  decline(): void {
    if (this.snapshot.call) this.send({ type: 'call.decline', callId: this.snapshot.call.id });
    this.finish(null);
  }

  hangUp(problem: CallSnapshot['problem'] = null): void {
    if (this.snapshot.call) this.send({ type: 'call.hangup', callId: this.snapshot.call.id });
    this.finish(problem);
  }

  toggleMute(): void {
    const muted = !this.snapshot.muted;
    this.set({ muted });
    void this.peer?.setSending('audio', !muted);
  }

  toggleCamera(): void {
    const cameraOff = !this.snapshot.cameraOff;
    this.set({ cameraOff });
    void this.peer?.setSending('video', !cameraOff);
  }

  /**
   * The socket dropped; it reconnects as the same device, and the server keeps a connected call 15 s for it
   * (its media do not travel over the socket). Not back by then: the server ended the call, so this side does too.
   */
  lost(): void {
    if (this.snapshot.call?.state !== 'connected') return;
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => this.finish('failed'), RECONNECT_GRACE_MS);
  }

  back(): void {
    clearTimeout(this.graceTimer);
  }

  receive(event: CallEvent): void {
    if (event.type === 'call.signal') {
      if (this.snapshot.call?.id === event.callId) void this.peer?.receive(event.signal);
      return;
    }
    if (event.type === 'call.answered_elsewhere') {
      if (this.snapshot.call?.id === event.callId) this.finish(null);
      return;
    }
    const call = event.call;
    if (call.state === 'ended') {
      if (this.snapshot.call?.id === call.id) this.finish(null);
      return;
    }
    if (call.state === 'ringing' && this.snapshot.call && this.snapshot.call.id !== call.id) return;
    this.set({ call, ...(call.state === 'connected' ? { starting: false } : {}) });
  }

  private finish(problem: CallSnapshot['problem']): void {
    clearTimeout(this.graceTimer);
    this.peer?.close();
    this.peer = null;
    for (const track of this.snapshot.local?.getTracks() ?? []) track.stop();
    this.snapshot = { ...idle, problem };
    this.changed();
  }

  private set(patch: Partial<CallSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
