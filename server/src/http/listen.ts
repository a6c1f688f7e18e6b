import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { refuseAtAccept } from './connection-admission.js';

/**
 * Sockets listening on the server's port. libuv (Node 20 and later) accepts one connection per listening
 * socket per event-loop turn (libuv pull request 3696), so a server busy for ~10 ms a turn took in ~100 new
 * connections a second: in a burst of a thousand website visitors (`npm run bench -- routing`) the rest
 * waited in the kernel's queue, which overflowed, and the visitors' systems sent their connection again
 * after 1, 3 and 7 s. With several sockets on the port (Linux SO_REUSEPORT) the kernel spreads new
 * connections over them and each turn accepts one from each.
 *
 * Two hundred and fifty-six: with eight, the burst's visitors on new connections still waited p50 0.7 s and
 * p99 0.9–1.6 s to be accepted (timed from the visitor's send to the server's `connection` event), which was
 * most of the Ring all first offer's p99. Sixty-four did on a faster machine (p50 40–80 ms), but on a slower
 * one, whose busy turns last 100–280 ms in the burst, the 620 visitors on new connections waited p99 1.2 s
 * again; with 256, 0.3–0.45 s. A socket costs a descriptor and a kernel queue (they are bound side by side); a
 * turn accepts at most this many connections, each set up in ~0.2 ms, and an address's pacing
 * (connection-admission.ts) still spreads one client's flood over seconds.
 */
export const LISTENERS = 256;
/** New connections the kernel keeps for the server while it is busy (capped by net.core.somaxconn; Node's default is 511). */
const BACKLOG = 4096;
/** While the server closes, how often connections whose requests have been answered are ended. */
const IDLE_SWEEP_MS = 20;

/** Where SO_REUSEPORT spreads connections over the sockets (elsewhere the last one bound would get them all). */
const spreads = process.platform === 'linux';

/** The extra sockets of a server, and the connections they accepted that are still open. */
interface Extras {
  servers: net.Server[];
  open: Set<net.Socket>;
  /** Settles when the last of `open` has closed (made while the server closes). */
  drained?: Promise<void>;
  onDrained?: () => void;
}

const extraListeners = new WeakMap<FastifyInstance, Extras>();

/** Listens on `port` (0: any free one) with `LISTENERS` sockets where the platform spreads connections over them. */
export async function listen(app: FastifyInstance, address: { port: number; host: string }, listeners = spreads ? LISTENERS : 1): Promise<AddressInfo> {
  // SO_REUSEPORT would also let a second server bind the port and quietly take half the connections (an
  // old process still running during an upgrade): binding it alone first fails as a plain listen would.
  const port = listeners > 1 ? await bindAlone(address) : address.port;
  const options = { ...address, port, backlog: BACKLOG, ...(listeners > 1 ? { reusePort: true } : {}) };
  await app.listen(options);
  const bound = app.server.address() as AddressInfo;
  const extras: Extras = { servers: [], open: new Set() };
  extraListeners.set(app, extras);
  // Bound side by side: one after another, 256 sockets added ~0.1 s to every start.
  const beside = Array.from({ length: listeners - 1 }, () => listenBeside(app, extras, { ...options, port: bound.port }));
  const settled = await Promise.allSettled(beside);
  // Those that did bind are closed with the server even when another failed.
  for (const result of settled) if (result.status === 'fulfilled') extras.servers.push(result.value);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
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
 * One more socket on the port whose connections the HTTP server serves as its own: the timeouts and the
 * upgrades hang off its 'connection' event, behind the per-address admission (http/connection-admission.ts).
 * Made as http.Server makes its own. Its connections are counted in `extras.open` (the HTTP server counts
 * only its own socket's, to wait for at close).
 */
function listenBeside(app: FastifyInstance, extras: Extras, options: net.ListenOptions): Promise<net.Server> {
  const extra = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    extras.open.add(socket);
    socket.once('close', () => {
      extras.open.delete(socket);
      if (extras.open.size === 0) extras.onDrained?.();
    });
    app.server.emit('connection', socket);
  });
  refuseAtAccept(app.server, extra);
  return new Promise((resolve, reject) => {
    extra.once('error', reject);
    extra.listen(options, () => {
      extra.off('error', reject);
      resolve(extra);
    });
  });
}

/**
 * Stops the extra sockets taking connections, as `app.close()` stops the main one (the server's `preClose`),
 * and from now on ends every connection as soon as it is idle: a request in flight at the close is answered,
 * and HTTP would then keep its connection alive for the keep-alive timeout (30 s), holding the close that long.
 * Not awaited: a socket's close completes only when the connections it accepted have ended
 * (`waitForExtraConnections` waits for them). Once `grace.ms` have passed, whatever is still open (an upload
 * in flight, a socket whose client never answers) is ended and `grace.over` told what it was.
 */
export function stopExtraListeners(app: FastifyInstance, grace?: { ms: number; over: (stillOpen: StillOpen) => void }): void {
  const extras = extraListeners.get(app);
  for (const extra of extras?.servers ?? []) extra.close();
  if (!app.server.listening) return;
  const sweeper = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
  const graceOver = grace && setTimeout(() => void endAllConnections(app).then(grace.over), grace.ms).unref();
  const serverClosed = new Promise((resolve) => app.server.once('close', resolve));
  void Promise.all([serverClosed, extras && drained(extras)]).then(() => {
    clearInterval(sweeper);
    clearTimeout(graceOver);
  });
}

/**
 * Waits until every connection the extra sockets accepted has ended, as the HTTP server waits for its own
 * socket's before `app.close()` returns (the server's `onClose`): a request in flight is answered, and its
 * connection closed, before the database goes away. Without it a busy connection outlived the close and its
 * next request was answered 503 by a server that had stopped.
 */
export async function waitForExtraConnections(app: FastifyInstance): Promise<void> {
  const extras = extraListeners.get(app);
  if (extras) await drained(extras);
}

function drained(extras: Extras): Promise<void> {
  if (extras.open.size === 0) return Promise.resolve();
  extras.drained ??= new Promise<void>((resolve) => {
    extras.onDrained = resolve;
  });
  return extras.drained;
}

/** What a shutdown still waited for when its grace ran out. */
export interface StillOpen {
  /** Connections of the server's own socket, as Node counts them (`getConnections`). */
  http: number;
  /** Connections the extra sockets accepted, upgraded ones included. */
  extra: number;
}

/**
 * Ends every connection still open, answered or not, so that a close waiting for them ends: a shutdown's grace
 * ran out (an upload in flight, a client that never answers a WebSocket close). Answers what was open.
 */
async function endAllConnections(app: FastifyInstance): Promise<StillOpen> {
  const http = await new Promise<number>((resolve) => app.server.getConnections((_err, count) => resolve(count ?? 0)));
  const extras = extraListeners.get(app);
  const open: StillOpen = { http, extra: extras?.open.size ?? 0 };
  app.server.closeAllConnections();
  for (const socket of extras?.open ?? []) socket.destroy();
  return open;
}
