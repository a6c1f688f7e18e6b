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
async function pair() {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<{ socket: WebSocket; transport: Socket }>((resolve) =>
    wss.on('connection', (socket, request) => resolve({ socket, transport: request.socket })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: unknown[] = [];
  client.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise((resolve) => client.once('open', resolve));
  const { socket, transport } = await accepted;
  closers.push(async () => {
    client.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return { socket, transport, received };
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
});
