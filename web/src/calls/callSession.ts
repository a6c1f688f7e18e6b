import type { CallMedia, CallView, IceServers, ServerEvent } from '@switchboard/protocol';
import { CallPeer } from '@switchboard/protocol/call-peer';
import i18n from 'i18next';
import { errorText } from '../app/errorText';
import { api } from '../lib/api';
import { newClientId } from '../lib/ids';
import { createStore } from '../lib/store';
import { showToast } from '../lib/toast';
import { sendFrame } from '../realtime/sync';
import { formatCallDuration } from '../chat/systemNote';

type CallEvent = Extract<ServerEvent, { type: 'call.state' | 'call.signal' | 'call.answered_elsewhere' }>;

export interface CallUi {
  /** The call on this device: placed here (ringing, connected) or accepted here. */
  call: CallView | null;
  /** Calls ringing on this device (every device of the callee rings). */
  incoming: readonly CallView[];
  /** Placing a call: asking for the microphone/camera and the ICE servers before the server rings anyone. */
  placing: boolean;
  muted: boolean;
  cameraOff: boolean;
  local: MediaStream | null;
  remote: MediaStream | null;
  /** When the media connected here (local clock), for the duration shown. */
  connectedAt: number | null;
}

const idle: CallUi = { call: null, incoming: [], placing: false, muted: false, cameraOff: false, local: null, remote: null, connectedAt: null };
export const callStore = createStore<CallUi>(idle);

let peer: CallPeer | null = null;
let placing: { clientId: string; ice: IceServers; local: MediaStream } | null = null;

const set = (patch: Partial<CallUi>) => callStore.set((s) => ({ ...s, ...patch }));
const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options ?? {});

function media(video: boolean): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: true, video });
}

function openPeer(call: CallView, ice: IceServers, local: MediaStream): CallPeer {
  const opened = new CallPeer(local, {
    iceServers: ice.iceServers,
    send: (signal) => sendFrame({ type: 'call.signal', callId: call.id, signal }),
    onRemoteStream: (remote) => set({ remote }),
    onConnectionState: (state) => {
      if (state === 'connected' && callStore.get().connectedAt === null) set({ connectedAt: Date.now() });
    },
  });
  peer = opened;
  return opened;
}

/** Places a call from this device: microphone (and camera) first, so a refusal never rings the colleague. */
export async function startCall(conversationId: number, kind: CallMedia): Promise<void> {
  if (callStore.get().call || placing) return showToast(t('calls.alreadyInCall'), 'error');
  set({ placing: true });
  let local: MediaStream | null = null;
  try {
    local = await media(kind === 'video');
    const ice = await api<IceServers>('GET', '/api/calls/ice-servers');
    const clientId = newClientId();
    placing = { clientId, ice, local };
    set({ local, cameraOff: false, muted: false });
    if (!sendFrame({ type: 'call.start', conversationId, media: kind, clientId })) throw new Error(t('calls.noConnection'));
  } catch (err) {
    for (const track of local?.getTracks() ?? []) track.stop();
    placing = null;
    set({ placing: false, local: null });
    showToast(err instanceof DOMException ? t('calls.mediaDenied') : errorText(err, i18n.t), 'error');
  }
}

export async function acceptCall(call: CallView, video: boolean): Promise<void> {
  set({ incoming: callStore.get().incoming.filter((c) => c.id !== call.id) });
  try {
    const local = await media(video && call.media === 'video');
    const ice = await api<IceServers>('GET', '/api/calls/ice-servers');
    openPeer(call, ice, local);
    set({ call, local, muted: false, cameraOff: false });
    sendFrame({ type: 'call.accept', callId: call.id, video });
  } catch (err) {
    sendFrame({ type: 'call.decline', callId: call.id });
    finish();
    showToast(err instanceof DOMException ? t('calls.mediaDenied') : errorText(err, i18n.t), 'error');
  }
}

export function declineCall(call: CallView): void {
  sendFrame({ type: 'call.decline', callId: call.id });
  set({ incoming: callStore.get().incoming.filter((c) => c.id !== call.id) });
}

export function hangUp(): void {
  const { call } = callStore.get();
  if (call) sendFrame({ type: 'call.hangup', callId: call.id });
  finish();
}

export function toggleMute(): void {
  const muted = !callStore.get().muted;
  set({ muted });
  void peer?.setSending('audio', !muted);
}

export function toggleCamera(): void {
  const cameraOff = !callStore.get().cameraOff;
  set({ cameraOff });
  void peer?.setSending('video', !cameraOff);
}

/** Switches microphone or camera where the browser lets us pick one. */
export async function switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
  if (!peer) return;
  const stream = await navigator.mediaDevices.getUserMedia(
    kind === 'audio' ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId } } },
  );
  const track = stream.getTracks()[0];
  if (!track) return;
  const { muted, cameraOff } = callStore.get();
  set({ local: await peer.replaceTrack(track, kind === 'audio' ? !muted : !cameraOff) });
}

/** Signed out or stopped: this device's calls end here (the server ends them as its sockets go). */
export function deviceLost(): void {
  clearTimeout(graceTimer);
  if (callStore.get().call || callStore.get().incoming.length > 0 || placing) finish();
}

/** As long as the server waits for a dropped device in a connected call (RECONNECT_GRACE_MS on the server). */
const RECONNECT_GRACE_MS = 15_000;
let graceTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The socket dropped and reconnects with the same device id. A connected call goes on (its media do not
 * travel over the socket); if the socket is not back within the grace the server has ended it, and so do we.
 * A call still ringing ends now: the server cancels the one placed here, and rings this device again when it is back.
 */
export function socketLost(): void {
  const { call } = callStore.get();
  if (call?.state !== 'connected') return deviceLost();
  clearTimeout(graceTimer);
  graceTimer = setTimeout(() => {
    showToast(t('calls.ended.connectionLost'), 'error');
    finish();
  }, RECONNECT_GRACE_MS);
}

export function socketBack(): void {
  clearTimeout(graceTimer);
}

function finish(): void {
  peer?.close();
  peer = null;
  for (const track of [...(placing?.local.getTracks() ?? []), ...(callStore.get().local?.getTracks() ?? [])]) track.stop();
  placing = null;
  callStore.set(() => idle);
}

function endedText(call: CallView, connectedAt: number | null): string {
  const name = call.peerName;
  if (call.endReason === 'answered') return t('calls.ended.answered', { duration: formatCallDuration(connectedAt ? Date.now() - connectedAt : 0) });
  const key = `calls.ended.${call.endReason ?? 'failed'}.${call.direction}`;
  return t(key, { name });
}

function onState(event: Extract<CallEvent, { type: 'call.state' }>): void {
  const s = callStore.get();
  const incoming = event.call;
  if (placing && event.clientId === placing.clientId) {
    if (incoming.state === 'ended') {
      showToast(endedText(incoming, null), 'info');
      return finish();
    }
    set({ call: incoming, placing: false });
    return;
  }
  if (s.call?.id === incoming.id) {
    if (incoming.state === 'ended') {
      showToast(endedText(incoming, s.connectedAt), incoming.endReason === 'answered' ? 'info' : 'error');
      return finish();
    }
    // Answered on the callee's device: the caller's device makes the offer.
    if (incoming.state === 'connected' && incoming.direction === 'outgoing' && placing) {
      const { ice, local } = placing;
      placing = null;
      void openPeer(incoming, ice, local).offer(incoming.media === 'video');
    }
    set({ call: incoming });
    return;
  }
  if (incoming.state === 'ringing' && incoming.direction === 'incoming') {
    if (!s.incoming.some((c) => c.id === incoming.id)) set({ incoming: [...s.incoming, incoming] });
    return;
  }
  if (incoming.state === 'ended' && s.incoming.some((c) => c.id === incoming.id)) {
    set({ incoming: s.incoming.filter((c) => c.id !== incoming.id) });
    if (incoming.endReason === 'missed' || incoming.endReason === 'cancelled') showToast(t('calls.ended.missed.incoming', { name: incoming.peerName }), 'info');
  }
}

/**
 * A refused `call.start` (the socket's answer carries our clientId). Refusals of later frames need nothing here:
 * the server ends a call it refuses a frame of, and says so with `call.state`.
 */
export function callError(event: Extract<ServerEvent, { type: 'error' }>): void {
  if (placing === null || event.clientId !== placing.clientId) return;
  showToast(i18n.t(`errors.codes.${event.code}`, { defaultValue: '' }) || event.message, 'error');
  finish();
}

export function callEvent(event: CallEvent): void {
  switch (event.type) {
    case 'call.state':
      return onState(event);
    case 'call.answered_elsewhere':
      set({ incoming: callStore.get().incoming.filter((c) => c.id !== event.callId) });
      return;
    case 'call.signal':
      if (callStore.get().call?.id === event.callId) void peer?.receive(event.signal);
  }
}
