import type { Server } from 'node:http';
import net, { type Socket } from 'node:net';

/** How many connections one client address may hold, and how fast it may open new ones. */
export interface AdmissionLimits {
  /** Open connections per address (0: no cap). */
  maxOpen: number;
  /** New connections handed to the HTTP server per second per address, once its burst is used (0: no pacing). */
  perSecond: number;
  /** New connections an address may open at once before pacing starts. */
  burst: number;
}

/** What the server knows of one client address while it has connections open or waiting. */
interface Address {
  open: number;
  /** Connections the address may still have set up at once (refilled at `perSecond`). */
  tokens: number;
  refilledAt: number;
  /** Admitted connections not yet handed to the HTTP server, oldest first. */
  waiting: Socket[];
  timer?: NodeJS.Timeout;
}

/** Addresses with nothing open and a full burst are forgotten this often. */
const SWEEP_MS = 10_000;

/**
 * Per client address: at most `maxOpen` open connections, refused at accept; and new connections handed to
 * the HTTP server at most `perSecond` a second once a burst is used. Setting a connection up (its parser,
 * its request's headers, routing, authentication) costs the server ~0.2 ms; one address that opens 300 at
 * once held every other client's messages behind them for ~60–100 ms (`npm run bench -- abuse`). Paced,
 * they are set up among the other clients' work; a connection waits at most `maxOpen / perSecond` seconds.
 */
class ConnectionAdmission {
  private readonly addresses = new Map<string, Address>();
  private readonly sweeper: NodeJS.Timeout;
  /** Addresses at their cap, and the listening sockets that refuse them at accept (see `refuseAtAccept`). */
  private readonly atCap = new Set<string>();
  private readonly listeners: ListeningSocket[] = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly handOver: (socket: Socket) => void,
  ) {
    this.sweeper = setInterval(() => this.forgetIdle(), SWEEP_MS).unref();
  }

  accept(socket: Socket): void {
    const key = socket.remoteAddress ?? '';
    const address = this.addresses.get(key) ?? this.remember(key);
    if (this.limits.maxOpen > 0 && address.open >= this.limits.maxOpen) {
      socket.destroy();
      return;
    }
    address.open++;
    if (this.limits.maxOpen > 0 && address.open >= this.limits.maxOpen) this.refuse(key, true);
    socket.once('close', () => {
      if (address.open-- >= this.limits.maxOpen && this.limits.maxOpen > 0) this.refuse(key, false);
    });
    if (this.limits.perSecond <= 0) return this.handOver(socket);
    address.waiting.push(socket);
    this.release(address);
  }

  /** Makes `listener` refuse the addresses at their cap before it makes a socket of their connections. */
  refuseOn(listener: ListeningSocket): void {
    this.listeners.push(listener);
    if (this.atCap.size > 0) listener.blockList = this.blockList();
  }

  /**
   * Refuses (or takes again) an address's connections at accept: Node checks a listening socket's block list
   * before it makes a JavaScript socket. An attacker at its cap who reconnects at once (~600 times a second
   * in `npm run bench -- abuse`) otherwise had each connection made a socket, counted and destroyed, and their
   * garbage (native handles V8 must process one by one) lengthened the collector's pauses for everyone.
   */
  private refuse(address: string, atCap: boolean): void {
    if (atCap === this.atCap.has(address)) return;
    if (atCap) this.atCap.add(address);
    else this.atCap.delete(address);
    // A BlockList cannot forget an address: each change gets a new one.
    const list = this.blockList();
    for (const listener of this.listeners) listener.blockList = list;
  }

  private blockList(): net.BlockList {
    const list = new net.BlockList();
    for (const address of this.atCap) {
      const family = net.isIPv6(address) ? 'ipv6' : net.isIPv4(address) ? 'ipv4' : undefined;
      if (family) list.addAddress(address, family);
    }
    return list;
  }

  /** Destroys the connections still waiting: the server is closing. */
  close(): void {
    clearInterval(this.sweeper);
    for (const address of this.addresses.values()) {
      clearTimeout(address.timer);
      for (const socket of address.waiting.splice(0)) socket.destroy();
    }
  }

  private remember(key: string): Address {
    const address: Address = { open: 0, tokens: this.limits.burst, refilledAt: performance.now(), waiting: [] };
    this.addresses.set(key, address);
    return address;
  }

  /** Hands over the waiting connections the address's tokens allow, and comes back for the rest. */
  private release(address: Address): void {
    this.refill(address);
    while (address.waiting.length > 0 && address.tokens >= 1) {
      const socket = address.waiting.shift()!;
      if (socket.destroyed) continue;
      address.tokens--;
      this.handOver(socket);
    }
    if (address.waiting.length === 0 || address.timer) return;
    const waitMs = ((1 - address.tokens) / this.limits.perSecond) * 1000;
    address.timer = setTimeout(() => {
      address.timer = undefined;
      this.release(address);
    }, Math.ceil(waitMs));
  }

  private refill(address: Address): void {
    const now = performance.now();
    address.tokens = Math.min(this.limits.burst, address.tokens + ((now - address.refilledAt) / 1000) * this.limits.perSecond);
    address.refilledAt = now;
  }

  private forgetIdle(): void {
    for (const [key, address] of this.addresses) {
      if (address.open > 0 || address.waiting.length > 0) continue;
      this.refill(address);
      if (address.tokens >= this.limits.burst) this.addresses.delete(key);
    }
  }
}

/** The event the HTTP server's own connection listeners move to: emitted once a connection is admitted. */
export const ADMITTED = 'admitted-connection';

/** A listening socket, with the block list Node consults at accept (net.Server's `blockList` option, Node 22.13+). */
type ListeningSocket = net.Server & { blockList?: net.BlockList };

const admissions = new WeakMap<Server, ConnectionAdmission>();

/** Makes another listening socket of the server (http/listen.ts) refuse at accept the addresses at their cap. */
export function refuseAtAccept(server: Server, listener: net.Server): void {
  admissions.get(server)?.refuseOn(listener);
}

/**
 * Puts admission in front of the HTTP server: its own 'connection' listeners (set up a parser, timers,
 * upgrades) now hear a connection only once it is admitted. The extra listening sockets (http/listen.ts)
 * emit 'connection' too, so every socket on the port goes through the same admission. Off behind a trusted
 * proxy (limits of 0): every connection then comes from the proxy, whose own limits apply.
 */
export function admitConnections(server: Server, limits: AdmissionLimits): { close(): void } {
  if (limits.maxOpen <= 0 && limits.perSecond <= 0) return { close() {} };
  for (const listener of server.listeners('connection')) {
    server.off('connection', listener as (socket: Socket) => void);
    server.on(ADMITTED, listener as (socket: Socket) => void);
  }
  const admission = new ConnectionAdmission(limits, (socket) => server.emit(ADMITTED, socket));
  server.on('connection', (socket: Socket) => admission.accept(socket));
  if (limits.maxOpen > 0) admission.refuseOn(server);
  admissions.set(server, admission);
  return admission;
}
