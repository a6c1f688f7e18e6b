import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Db } from '../db/database.js';
import { Connection } from './connection.js';
import { userRecipient } from './recipient.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server-side Connection over a real socket pair, and the frames its client receives. */
async function pair(options: { perMessageDeflate?: boolean } = {}) {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<{ socket: WebSocket; transport: Socket }>((resolve) =>
    wss.on('connection', (socket, request) => resolve({ socket, transport: request.socket })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
  const received: unknown[] = [];
  const binary: boolean[] = [];
  client.on('message', (data, isBinary) => {
    received.push(JSON.parse(String(data)));
    binary.push(isBinary);
  });
  await new Promise((resolve) => client.once('open', resolve));
  const { socket, transport } = await accepted;
  closers.push(async () => {
    client.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return { socket, transport, received, binary, client };
}

describe('Connection', () => {
  it('writes the frames of one turn in one system call, in order, and none is lost', async () => {
    const { socket, transport, received } = await pair();
    const writes = vi.spyOn(transport as unknown as { _writev: (...a: unknown[]) => void }, '_writev');
    const singles = vi.spyOn(transport as unknown as { _write: (...a: unknown[]) => void }, '_write');
    const connection = new Connection(userRecipient(1), socket, {} as Db, Infinity, undefined, transport);
    for (let i = 1; i <= 5; i++) connection.sendNow({ type: 'pong', n: i } as never);
    await vi.waitFor(() => expect(received).toHaveLength(5));
    expect(received.map((f) => (f as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(writes.mock.calls.length + singles.mock.calls.length).toBe(1);
  });

  it('cuts a socket whose client does not answer its close in time, instead of waiting 30 s for it', async () => {
    const { socket, client } = await pair();
    (client as unknown as { _socket: Socket })._socket.pause(); // reads nothing: never answers the close frame
    const connection = new Connection(userRecipient(1), socket, {} as Db);
    await connection.closeGracefully(1001, 'server shutting down', 50);
    await vi.waitFor(() => expect(socket.readyState).toBe(socket.CLOSED), { timeout: 2000 });
  });

  it('sends one event to many sockets as the same text frame, encoded once', async () => {
    const pairs = await Promise.all([pair(), pair(), pair()]);
    const writes = pairs.map(({ transport }) => vi.spyOn(transport, 'write'));
    const offer = { type: 'conversation.removed', conversationId: 7, reason: 'taken', byName: 'Ann Müller' } as never;
    for (const { socket, transport } of pairs) new Connection(userRecipient(1), socket, {} as Db, Infinity, undefined, transport).push(offer);
    for (const { received, binary } of pairs) {
      await vi.waitFor(() => expect(received).toHaveLength(1));
      // Text, as browsers read it into a string (a binary frame would reach the web client as a Blob).
      expect(binary).toEqual([false]);
      expect(received[0]).toEqual({ type: 'conversation.removed', conversationId: 7, reason: 'taken', byName: 'Ann Müller' });
    }
    const written = writes.map((write) => write.mock.calls[0]![0]);
    expect(written[0]).toBeInstanceOf(Buffer);
    expect(written.every((bytes) => bytes === written[0])).toBe(true);
  });

  it('frames events of every length class so that a ws client reads them whole (7-, 16- and 64-bit lengths)', async () => {
    const { socket, transport, received, binary } = await pair();
    const connection = new Connection(userRecipient(1), socket, {} as Db, Infinity, undefined, transport);
    const sizes = [0, 100, 125, 126, 1_000, 65_535, 65_536, 300_000];
    for (const size of sizes) connection.sendNow({ type: 'pong', pad: 'ü'.repeat(size / 2) + 'x'.repeat(size % 2) } as never);
    await vi.waitFor(() => expect(received).toHaveLength(sizes.length));
    expect(received.map((f) => Buffer.byteLength((f as { pad: string }).pad))).toEqual(sizes);
    expect(binary.every((b) => !b)).toBe(true);
    // Between and after the frames the stream is still in step: ws's own frames (a ping) and ours interleave.
    const pong = new Promise((resolve) => socket.once('pong', resolve));
    socket.ping();
    await pong;
    connection.sendNow({ type: 'pong', pad: 'last' } as never);
    await vi.waitFor(() => expect(received).toHaveLength(sizes.length + 1));
  });

  it('leaves framing to ws when the client negotiated compression', async () => {
    const { socket, transport, received } = await pair({ perMessageDeflate: true });
    expect(socket.extensions).toContain('permessage-deflate');
    const writes = vi.spyOn(transport, 'write');
    const sends = vi.spyOn(socket, 'send');
    new Connection(userRecipient(1), socket, {} as Db, Infinity, undefined, transport).sendNow({ type: 'pong', pad: 'z'.repeat(5_000) } as never);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(sends).toHaveBeenCalledTimes(1);
    expect(writes.mock.calls.every(([chunk]) => (chunk as Buffer).length < 5_000)).toBe(true);
  });
});
