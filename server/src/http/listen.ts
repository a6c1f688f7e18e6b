import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Sockets listening on the server's port. libuv (Node 20 and later) accepts one connection per listening
 * socket per event-loop turn (libuv pull request 3696), so a server busy for ~10 ms a turn took in ~100 new
 * connections a second: in a burst of a thousand website visitors (`npm run bench -- routing`) the rest
 * waited in the kernel's queue, which overflowed, and the visitors' systems sent their connection again
 * after 1, 3 and 7 s. With several sockets on the port (Linux SO_REUSEPORT) the kernel spreads new
 * connections over them and each turn accepts one from each.
 */
export const LISTENERS = 8;
/** New connections the kernel keeps for the server while it is busy (capped by net.core.somaxconn; Node's default is 511). */
const BACKLOG = 4096;

/** Where SO_REUSEPORT spreads connections over the sockets (elsewhere the last one bound would get them all). */
const spreads = process.platform === 'linux';

const extraListeners = new WeakMap<FastifyInstance, net.Server[]>();

/** Listens on `port` (0: any free one) with `LISTENERS` sockets where the platform spreads connections over them. */
export async function listen(app: FastifyInstance, address: { port: number; host: string }, listeners = spreads ? LISTENERS : 1): Promise<AddressInfo> {
  // SO_REUSEPORT would also let a second server bind the port and quietly take half the connections (an
  // old process still running during an upgrade): binding it alone first fails as a plain listen would.
  const port = listeners > 1 ? await bindAlone(address) : address.port;
  const options = { ...address, port, backlog: BACKLOG, ...(listeners > 1 ? { reusePort: true } : {}) };
  await app.listen(options);
  const bound = app.server.address() as AddressInfo;
  const extras: net.Server[] = [];
  extraListeners.set(app, extras);
  for (let i = 1; i < listeners; i++) extras.push(await listenBeside(app, { ...options, port: bound.port }));
  return bound;
}

/** Binds the address with no other socket allowed on it, and frees it: the port it got (EADDRINUSE if taken). */
function bindAlone(address: { port: number; host: string }): Promise<number> {
  const probe = net.createServer();
  return new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ ...address, exclusive: true }, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * One more socket on the port whose connections the HTTP server serves as its own: the per-address cap,
 * the timeouts and the upgrades all hang off its 'connection' event. Made as http.Server makes its own.
 */
function listenBeside(app: FastifyInstance, options: net.ListenOptions): Promise<net.Server> {
  const extra = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => app.server.emit('connection', socket));
  return new Promise((resolve, reject) => {
    extra.once('error', reject);
    extra.listen(options, () => {
      extra.off('error', reject);
      resolve(extra);
    });
  });
}

/**
 * Stops the extra sockets taking connections, as `app.close()` stops the main one (the server's `preClose`).
 * Known gap: `app.close()` waits for the connections the main socket accepted, not for those of the extra ones,
 * so a keep-alive connection busy at shutdown may still carry a request (answered 503) after it returns.
 * Not awaited: a socket's close completes only when the connections it accepted have ended, and Fastify
 * ends the idle ones after this hook.
 */
export function stopExtraListeners(app: FastifyInstance): void {
  for (const extra of extraListeners.get(app) ?? []) extra.close();
  extraListeners.delete(app);
}
