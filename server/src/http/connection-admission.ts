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
  /** Connections over the cap an address may have waiting, unread, for a free place (0: refused at once). */
  maxWaiting: number;
  /** How long a connection over the cap waits for a place before it is closed. */
  waitMs: number;
}

/** Connections over their address's cap waiting at once, all addresses together: each is a socket the server holds. */
const MAX_WAITING_IN_ALL = 4096;

/** What the server knows of one client address while it has connections open or waiting. */
interface Address {
  open: number;
  /** Connections the address may still have set up at once (refilled at `perSecond`). */
  tokens: number;
  refilledAt: number;
  /** Admitted connections not yet handed to the HTTP server, oldest first. */
  waiting: Socket[];
  timer?: NodeJS.Timeout;
  /** Connections over the cap waiting for one of the open ones to close, oldest first. */
  overCap: Waiter[];
}

/** A connection over its address's cap, waiting unread: its deadline, and a listener for errors meanwhile. */
interface Waiter {
  socket: Socket;
  timer: NodeJS.Timeout;
  onError: () => void;
}

/** Addresses with nothing open and a full burst are forgotten this often. */
const SWEEP_MS = 10_000;

/**
 * Per client address: at most `maxOpen` open connections; and new connections handed to the HTTP server at
 * most `perSecond` a second once a burst is used. Setting a connection up (its parser, its request's headers,
 * routing, authentication) costs the server ~0.2 ms; one address that opens 300 at once held every other
 * client's messages behind them for ~60–100 ms (`npm run bench -- abuse`). Paced, they are set up among the
 * other clients' work; a connection waits at most `maxOpen / perSecond` seconds.
 *
 * Over the cap, a few connections (`maxWaiting`) wait unread for a place, at most `waitMs`; the rest are refused
 * at accept. A client refused at once tries again at once: under `npm run bench -- abuse` an attacker at its cap
 * reconnected ~800 times a second, and that loop's CPU (its own and the kernel's on both sides) slowed the
 * colleagues' messages more than anything the server did for it. A connection that waits holds the client's
 * loop instead, and an office behind one address gets its connection served when one of its others closes.
 */
class ConnectionAdmission {
  private readonly addresses = new Map<string, Address>();
  private readonly sweeper: NodeJS.Timeout;
  /** Addresses refused at accept (at their cap, none of their connections may wait), and the sockets that refuse them. */
  private readonly blocked = new Set<string>();
  private readonly listeners: ListeningSocket[] = [];
  private waitingInAll = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly handOver: (socket: Socket) => void,
  ) {
    this.sweeper = setInterval(() => this.forgetIdle(), SWEEP_MS).unref();
  }

  accept(socket: Socket): void {
    const key = socket.remoteAddress ?? '';
    const address = this.addresses.get(key) ?? this.remember(key);
    if (this.atCap(address)) this.wait(key, address, socket);
    else this.admit(key, address, socket);
  }

  private atCap(address: Address): boolean {
    return this.limits.maxOpen > 0 && address.open >= this.limits.maxOpen;
  }

  private admit(key: string, address: Address, socket: Socket): void {
    address.open++;
    socket.once('close', () => {
      address.open--;
      this.takeWaiting(key, address);
    });
    this.updateBlock(key, address);
    if (this.limits.perSecond <= 0) return this.handOver(socket);
    address.waiting.push(socket);
    this.release(address);
  }

  /** Holds a connection over the cap until a place frees, or refuses it when too many wait already. */
  private wait(key: string, address: Address, socket: Socket): void {
    if (address.overCap.length >= this.limits.maxWaiting || this.waitingInAll >= MAX_WAITING_IN_ALL) {
      socket.destroy();
      return;
    }
    // Not read, so a reset shows only as a close; the listener is there so that no error goes unheard.
    const waiter: Waiter = { socket, timer: setTimeout(() => socket.destroy(), this.limits.waitMs), onError: () => {} };
    socket.on('error', waiter.onError);
    socket.once('close', () => {
      if (this.stopWaiting(address, waiter)) this.updateBlock(key, address);
    });
    address.overCap.push(waiter);
    this.waitingInAll++;
    this.updateBlock(key, address);
  }

  /** Takes a connection off its address's waiting ones; answers whether it was still there. */
  private stopWaiting(address: Address, waiter: Waiter): boolean {
    const index = address.overCap.indexOf(waiter);
    if (index < 0) return false;
    address.overCap.splice(index, 1);
    this.waitingInAll--;
    clearTimeout(waiter.timer);
    waiter.socket.off('error', waiter.onError);
    return true;
  }

  /** Places are free: the longest-waiting connections get them. */
  private takeWaiting(key: string, address: Address): void {
    while (!this.atCap(address) && address.overCap.length > 0) {
      const waiter = address.overCap[0]!;
      this.stopWaiting(address, waiter);
      if (!waiter.socket.destroyed) this.admit(key, address, waiter.socket);
    }
    this.updateBlock(key, address);
  }

  /** Makes `listener` refuse the addresses at their cap before it makes a socket of their connections. */
  refuseOn(listener: ListeningSocket): void {
    this.listeners.push(listener);
    if (this.blocked.size > 0) listener.blockList = this.blockList();
  }

  /**
   * Refuses (or takes again) an address's connections at accept once it is at its cap and its waiting places
   * are taken: Node checks a listening socket's block list before it makes a JavaScript socket. An attacker who
   * reconnects at once (~600 times a second in `npm run bench -- abuse`) otherwise had each connection made a
   * socket, counted and destroyed, and their garbage (native handles V8 must process one by one) lengthened
   * the collector's pauses for everyone.
   */
  private updateBlock(key: string, address: Address): void {
    const refused = this.atCap(address) && address.overCap.length >= this.limits.maxWaiting;
    if (refused === this.blocked.has(key)) return;
    if (refused) this.blocked.add(key);
    else this.blocked.delete(key);
    // A BlockList cannot forget an address: each change gets a new one.
    const list = this.blockList();
    for (const listener of this.listeners) listener.blockList = list;
  }

  private blockList(): net.BlockList {
    const list = new net.BlockList();
    for (const address of this.blocked) {
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
      for (const socket of [...address.waiting.splice(0), ...address.overCap.map((w) => w.socket)]) socket.destroy();
    }
  }

  private remember(key: string): Address {
    const address: Address = { open: 0, tokens: this.limits.burst, refilledAt: performance.now(), waiting: [], overCap: [] };
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
      if (address.open > 0 || address.waiting.length > 0 || address.overCap.length > 0) continue;
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
