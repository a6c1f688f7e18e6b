import type { CallSignal } from './calls.js';

/**
 * One side of a call's WebRTC connection, shared by the web client and the widget (zod-free, so both bundles
 * stay small). It owns the RTCPeerConnection, sends its offer/answer/ICE through `send` (the socket) and applies
 * the other side's; candidates that arrive before the remote description wait for it. Mute and camera off
 * take the track off its sender (`replaceTrack(null)`), so nothing at all is sent, not silence or black frames.
 */
export interface CallPeerOptions {
  iceServers: RTCIceServer[];
  send: (signal: CallSignal) => void;
  onRemoteStream: (stream: MediaStream) => void;
  onConnectionState?: (state: RTCPeerConnectionState) => void;
}

/** How often one call restarts ICE after its connection failed before it gives up (the call then ends by hand). */
export const MAX_ICE_RESTARTS = 3;

export class CallPeer {
  readonly pc: RTCPeerConnection;
  private readonly senders = new Map<string, RTCRtpSender>();
  private readonly waitingIce: RTCIceCandidateInit[] = [];
  private remoteSet = false;
  private closed = false;
  /** This side made the first offer: it alone restarts ICE, so the two sides never offer at once. */
  private offerer = false;
  private restarts = 0;

  constructor(
    private local: MediaStream,
    private readonly options: CallPeerOptions,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    for (const track of local.getTracks()) this.senders.set(track.kind, this.pc.addTrack(track, local));
    this.pc.onicecandidate = (e) => {
      if (!e.candidate) return;
      const { candidate, sdpMid, sdpMLineIndex } = e.candidate;
      options.send({ kind: 'ice', candidate: { candidate, sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null } });
    };
    this.pc.ontrack = (e) => options.onRemoteStream(e.streams[0] ?? new MediaStream([e.track]));
    this.pc.onconnectionstatechange = () => {
      options.onConnectionState?.(this.pc.connectionState);
      if (this.pc.connectionState === 'failed') void this.restartIce();
    };
  }

  /**
   * The connection failed (a network change, a NAT binding gone): the offerer gathers new candidates and
   * offers again with an ICE restart; the other side answers it like any offer. A few times, not forever.
   */
  private async restartIce(): Promise<void> {
    if (!this.offerer || this.closed || this.restarts >= MAX_ICE_RESTARTS) return;
    this.restarts++;
    this.pc.restartIce();
    const offer = await this.pc.createOffer({ iceRestart: true });
    await this.pc.setLocalDescription(offer);
    this.options.send({ kind: 'offer', sdp: offer.sdp ?? '' });
  }

  /** The caller's offer; `receiveVideo` asks for the other side's camera even when this side sends none. */
  async offer(receiveVideo: boolean): Promise<void> {
    this.offerer = true;
    if (receiveVideo && !this.senders.has('video')) this.pc.addTransceiver('video', { direction: 'recvonly' });
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.options.send({ kind: 'offer', sdp: offer.sdp ?? '' });
  }

  async receive(signal: CallSignal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'ice') {
      if (this.remoteSet) await this.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      else this.waitingIce.push(signal.candidate);
      return;
    }
    await this.pc.setRemoteDescription({ type: signal.kind, sdp: signal.sdp });
    this.remoteSet = true;
    for (const candidate of this.waitingIce.splice(0)) await this.pc.addIceCandidate(candidate).catch(() => undefined);
    if (signal.kind === 'offer') {
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      this.options.send({ kind: 'answer', sdp: answer.sdp ?? '' });
    }
  }

  /** Sends this kind's local track, or nothing (muted, camera off). */
  async setSending(kind: 'audio' | 'video', on: boolean): Promise<void> {
    const track = this.local.getTracks().find((t) => t.kind === kind) ?? null;
    if (track) track.enabled = on;
    await this.senders.get(kind)?.replaceTrack(on ? track : null);
  }

  /** Another microphone or camera: its track replaces the old one in the stream and on the sender. */
  async replaceTrack(track: MediaStreamTrack, sending: boolean): Promise<MediaStream> {
    const old = this.local.getTracks().find((t) => t.kind === track.kind);
    if (old) {
      this.local.removeTrack(old);
      old.stop();
    }
    this.local.addTrack(track);
    track.enabled = sending;
    await this.senders.get(track.kind)?.replaceTrack(sending ? track : null);
    this.local = new MediaStream(this.local.getTracks());
    return this.local;
  }

  close(): void {
    this.closed = true;
    this.pc.close();
    for (const track of this.local.getTracks()) track.stop();
  }
}
