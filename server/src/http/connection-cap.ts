import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The connections of a server counted per client address (see `capConnectionsPerAddress`). */
class AddressCap {
  private readonly open = new Map<string, number>();
  /** Sockets already counted (by the socket that accepted them, before the HTTP server saw them). */
  private readonly counted = new WeakSet<Socket>();

  constructor(private readonly max: number) {}

  /** Counts the connection until it closes; false (and not counted) when its address is at the cap. */
  admit(socket: Socket): boolean {
    if (this.counted.has(socket)) return true;
    const address = socket.remoteAddress ?? '';
    const count = (this.open.get(address) ?? 0) + 1;
    if (count > this.max) return false;
    this.open.set(address, count);
    this.counted.add(socket);
    socket.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    });
    return true;
  }
}

const caps = new WeakMap<Server, AddressCap>();

/**
 * At most `max` open connections per client address, counted at accept, before a byte is parsed: the
 * request timeouts bound how long a slow client holds a connection, this bounds how many it holds. Only
 * without a trusted proxy in front: behind one, every connection comes from the proxy, whose own limits
 * apply. 0 turns the cap off.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const cap = new AddressCap(max);
  caps.set(server, cap);
  server.on('connection', (socket: Socket) => {
    if (!cap.admit(socket)) socket.destroy();
  });
}

/**
 * Whether the server takes a connection one of its extra listening sockets accepted (http/listen.ts), asked
 * before it is handed to the HTTP server: one refused here costs its accept and close only. An attacker at
 * the cap who reconnects at once (~2,600 times a second in `npm run bench -- abuse`) otherwise had each
 * connection set up by the HTTP server (parser, timers, listeners) before it was closed.
 */
export function admitConnection(server: Server, socket: Socket): boolean {
  return caps.get(server)?.admit(socket) ?? true;
}
