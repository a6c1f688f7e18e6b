import type { StreamEvent } from './bus.js';

const WIRE = Symbol('its frame text');

/**
 * What the server keeps of an event's frame text, on the event object itself: hidden (a symbol key, not enumerable),
 * so JSON, spreads and zod never see or copy it. Kept in WeakMaps it cost ~1 µs a set and again in every
 * garbage collection: in the chat throughput bench the maps (text, bytes, frame) were ~9% of the server thread.
 */
type Wired = StreamEvent & { [WIRE]?: string };

function keepWire(event: StreamEvent, wire: string): void {
  Object.defineProperty(event, WIRE, { value: wire, configurable: true });
}

/**
 * The JSON text of an event as it goes on the wire, when the server already has it: a durable event is
 * serialised once for its database row, and the frame for each recipient is that text with its `seq`
 * appended, rather than the whole event (a conversation view, say) serialised again for every socket.
 * Events that crossed the Redis bus are new objects and simply serialise again. `json` is `event` without
 * `seq`, serialised; `event` is the sequenced object sent to the recipient.
 */
export function rememberWire(event: StreamEvent & { seq: number }, json: string): void {
  if (json.length < 2 || json === '{}') return;
  keepWire(event, `${json.slice(0, -1)},"seq":${event.seq}}`);
}

export function wireOf(event: StreamEvent): string {
  return (event as Wired)[WIRE] ?? JSON.stringify(event);
}

/** The frame's UTF-8 text as bytes, for ws to frame (and compress) itself. */
export function wireBytesOf(event: StreamEvent): Buffer {
  return Buffer.from(wireOf(event));
}

/** The last event framed, and its frame: see `wireFrameOf`. */
let lastEvent: StreamEvent | undefined;
let lastFrame: Buffer = Buffer.alloc(0);

/**
 * The event as a whole WebSocket text frame from the server (final, unmasked, uncompressed: RFC 6455 §5.2),
 * written to a socket's TCP stream as it is (events/connection.ts). Through ws each send framed the text
 * again: a header buffer, two queued writes and their bookkeeping, for each of the ~150,000 frames of a Ring
 * all burst (offers, withdrawals, refusals). An event sent to many sockets (an offer to the fifty agents of a
 * Ring all queue, a withdrawal) goes to them one after another, so the last frame made is the one asked for
 * again: it is framed once, with nothing kept on the event (kept per event, most frames, which go to one
 * socket, paid for keeping them).
 */
export function wireFrameOf(event: StreamEvent): Buffer {
  if (event === lastEvent) return lastFrame;
  lastFrame = textFrame(wireOf(event));
  lastEvent = event;
  return lastFrame;
}

/** FIN + text opcode, then the payload's length in 7, 7+16 or 7+64 bits, then the payload's UTF-8 bytes. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header);
  return frame;
}

/** An event's frame text made elsewhere (the SQLite writer thread), for an event object rebuilt here. */
export function adoptWire(event: StreamEvent, wire: string): void {
  keepWire(event, wire);
}
