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
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}
