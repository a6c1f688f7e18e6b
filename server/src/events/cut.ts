import type { WebSocket } from 'ws';

/** How long a socket closed for misbehaving may take to read its close frame before the connection is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Closes a socket whose client floods or does not read, and stops reading from it. Such a client would not
 * answer the close either, and ws would keep parsing its frames and holding its buffer for its 30 s close
 * timeout (a core's worth of work under `npm run bench -- abuse`): after a short grace for an honest client to
 * see the code, the connection is cut.
 */
export function closeAndCut(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  socket.pause();
  deferRemainingFrames(socket);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}

/**
 * Closes a socket whose client floods frames, as `closeAndCut`, and forgets the frames already read from it
 * and not yet parsed. Called from its frame handler, between two frames. One read holds up to 64 KB, thousands
 * of tiny frames: parsed one a turn after the cut (below), a flood socket still cost thousands of turns, their buffers
 * and their 'message' events, for every socket the attacker opened (`npm run bench -- abuse` opens twenty at
 * once). Nothing in them is for us: the client is being cut off.
 */
export function cutFlood(socket: WebSocket, code: number, reason: string): void {
  closeAndCut(socket, code, reason);
  const receiver = (socket as unknown as { _receiver?: { _buffers?: Buffer[]; _bufferedBytes?: number } })._receiver;
  if (receiver && Array.isArray(receiver._buffers) && typeof receiver._bufferedBytes === 'number') {
    receiver._buffers = [];
    receiver._bufferedBytes = 0;
  }
}

/**
 * The rest of what was already read from a flooding socket (one read holds up to 64 KB: ~10,000 tiny frames)
 * is parsed one frame per loop turn instead of all at once, so it cannot stall every other socket for
 * milliseconds (`npm run bench -- abuse`: the colleagues' p99 under a frame flood went from 2.9× to ~1.6× the
 * quiet one). ws's `allowSynchronousEvents: false` does this for every socket, which cost a quarter of the chat
 * throughput; ws has no per-socket switch, so this sets its receiver's field (ws 8.x; a missing field is left alone).
 */
function deferRemainingFrames(socket: WebSocket): void {
  const receiver = (socket as unknown as { _receiver?: { _allowSynchronousEvents?: boolean } })._receiver;
  if (receiver && '_allowSynchronousEvents' in receiver) receiver._allowSynchronousEvents = false;
}
