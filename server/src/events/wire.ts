import type { StreamEvent } from './bus.js';

/**
 * The JSON text of an event as it goes on the wire, when the server already has it: a durable event is
 * serialised once for its database row, and the frame for each recipient is that text with its `seq`
 * appended, rather than the whole event (a conversation view, say) serialised again for every socket.
 * Events that crossed the Redis bus are new objects and simply serialise again.
 */
const wires = new WeakMap<StreamEvent, string>();

/** `json` is `event` without `seq`, serialised; `event` is the sequenced object sent to the recipient. */
export function rememberWire(event: StreamEvent & { seq: number }, json: string): void {
  if (json.length < 2 || json === '{}') return;
  wires.set(event, `${json.slice(0, -1)},"seq":${event.seq}}`);
}

export function wireOf(event: StreamEvent): string {
  return wires.get(event) ?? JSON.stringify(event);
}

const bytes = new WeakMap<StreamEvent, Buffer>();

/**
 * The frame's UTF-8 bytes, encoded once per event object: an offer or its withdrawal is one object for the
 * fifty agents of a Ring all queue, and encoding the text for each socket was ~4% of the server thread in
 * the routing burst. Sockets only read the buffer (unmasked server frames are written as they are).
 */
export function wireBytesOf(event: StreamEvent): Buffer {
  let encoded = bytes.get(event);
  if (!encoded) {
    encoded = Buffer.from(wireOf(event));
    bytes.set(event, encoded);
  }
  return encoded;
}

const frames = new WeakMap<StreamEvent, Buffer>();

/**
 * The event as a whole WebSocket text frame from the server (final, unmasked, uncompressed: RFC 6455 §5.2),
 * made once per event object and written to each socket's TCP stream as it is (events/connection.ts). Through
 * ws each send framed the text again: a header buffer, two queued writes and their bookkeeping, for each of
 * the ~150,000 frames of a Ring all burst (offers, withdrawals, refusals).
 */
export function wireFrameOf(event: StreamEvent): Buffer {
  let frame = frames.get(event);
  if (!frame) {
    frame = textFrame(wireOf(event));
    frames.set(event, frame);
  }
  return frame;
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
  wires.set(event, wire);
}
