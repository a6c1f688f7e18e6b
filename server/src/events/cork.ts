import type { Socket } from 'node:net';

const CORKED = Symbol('corked until the turn ends');

/**
 * Holds what is written to the socket until this turn's promise callbacks ran, then writes it in one system
 * call: a turn often writes several frames to one socket (a message's answer and its echo, the offers of a
 * batch), each otherwise its own write. Used by the server's connections and the bench's simulated clients.
 */
export function corkForTurn(socket: Socket & { [CORKED]?: boolean }): void {
  if (socket[CORKED]) return;
  socket[CORKED] = true;
  socket.cork();
  process.nextTick(() => {
    socket[CORKED] = false;
    socket.uncork();
  });
}
