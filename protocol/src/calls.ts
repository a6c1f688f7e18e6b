import { z } from 'zod';
import { Id } from './common.js';
import { Text } from './text.js';

/** A call carries the microphone only, or the camera too. */
export const CallMedia = z.enum(['voice', 'video']);
export type CallMedia = z.infer<typeof CallMedia>;

export const CallState = z.enum(['ringing', 'connected', 'ended']);
export type CallState = z.infer<typeof CallState>;

/**
 * How a call ended: `answered` (talked, then hung up), `declined`, `missed` (no answer within the ring time),
 * `busy` (the callee was in another call), `offline` (no device of theirs connected), `cancelled` (the caller
 * hung up while it rang), `failed` (a device dropped before it was answered, or the server restarted).
 */
export const CallEndReason = z.enum(['answered', 'declined', 'missed', 'busy', 'offline', 'cancelled', 'failed']);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** A call as one party sees it. */
export const CallView = z.object({
  id: Id,
  conversationId: Id,
  media: CallMedia,
  state: CallState,
  /** Outgoing on the device that placed it; incoming on the callee's devices. */
  direction: z.enum(['outgoing', 'incoming']),
  /** Who is on the other end: a colleague's or the customer's name. */
  peerName: z.string(),
  /** The other end is a website visitor (the agent asked them to start the call). */
  withVisitor: z.boolean(),
  startedAt: z.number().int(),
  answeredAt: z.number().int().nullable(),
  endReason: CallEndReason.nullable(),
});
export type CallView = z.infer<typeof CallView>;

const Sdp = Text().min(1).max(60_000);

/** WebRTC signalling relayed between the two devices of a call, never read by the server. */
export const CallSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), sdp: Sdp }),
  z.object({ kind: z.literal('answer'), sdp: Sdp }),
  z.object({
    kind: z.literal('ice'),
    candidate: z.object({
      candidate: Text().max(2000),
      sdpMid: Text().max(100).nullable(),
      sdpMLineIndex: z.number().int().min(0).max(100).nullable(),
    }),
  }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

/** Frames both a colleague's client (/ws) and the widget (/ws/visitor) send about a call they are a party of. */
export const CallPartyFrame = z.discriminatedUnion('type', [
  /** Take the call on this device; `video` false answers a video call with the microphone only. */
  z.object({ type: z.literal('call.accept'), callId: Id, video: z.boolean() }),
  z.object({ type: z.literal('call.decline'), callId: Id }),
  z.object({ type: z.literal('call.hangup'), callId: Id }),
  z.object({ type: z.literal('call.signal'), callId: Id, signal: CallSignal }),
]);
export type CallPartyFrame = z.infer<typeof CallPartyFrame>;

/** A colleague's frame placing a call from this device; `clientId` comes back on the first `call.state`. */
export const CallStartFrame = z.object({
  type: z.literal('call.start'),
  conversationId: Id,
  media: CallMedia,
  clientId: Text().min(1).max(64),
});

/** The events of a call; they carry no seq: a call is live, a reconnecting client learns its state again. */
export const CallEvents = [
  /** The call's state as this device's party sees it; on the placing device with the frame's clientId. */
  z.object({ type: z.literal('call.state'), call: CallView, clientId: z.string().optional() }),
  /** Relayed from the other party's device. */
  z.object({ type: z.literal('call.signal'), callId: Id, signal: CallSignal }),
  /** Another device of mine took the call: stop ringing here. */
  z.object({ type: z.literal('call.answered_elsewhere'), callId: Id }),
] as const;

/** What `GET /api/calls/ice-servers` answers: STUN, and TURN with credentials valid for TURN_TTL_SECONDS. */
export const IceServers = z.object({
  iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() })),
});
export type IceServers = z.infer<typeof IceServers>;

/**
 * A client's device id (`?device=` on /ws and /ws/visitor): random, kept by the page across reconnects so a
 * call survives a network blip, new on a reload. Without one, each socket is a device of its own.
 */
export const DeviceId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 letters, digits, - or _');
