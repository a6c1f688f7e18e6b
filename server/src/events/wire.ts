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

/** An event's frame text made elsewhere (the SQLite writer thread), for an event object rebuilt here. */
export function adoptWire(event: StreamEvent, wire: string): void {
  wires.set(event, wire);
}
