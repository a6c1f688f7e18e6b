import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A bare `ws` relay: the runtime's ceiling for the same frames, without auth, validation or persistence. */
export interface Relay {
  wsUrl(userId: number): string;
  close(): Promise<void>;
}

interface SendFrame {
  type: string;
  conversationId: number;
  clientId: string;
  body: string;
}

/**
 * Answers `send` with `sent` and forwards `message.created` (with a per-user seq) to every member of
 * the conversation, sender included, exactly the frames the server sends. The user is `?user=<id>`.
 */
export async function startRelay(members: ReadonlyMap<number, readonly number[]>): Promise<Relay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
  await once(server, 'listening');
  const socketsOf = new Map<number, Set<WebSocket>>();
  const seqOf = new Map<number, number>();
  let lastMessageId = 0;

  const forward = (senderId: number, socket: WebSocket, frame: SendFrame) => {
    const { conversationId, clientId, body } = frame;
    const message = { id: ++lastMessageId, conversationId, senderId, clientId, body, createdAt: Date.now() };
    socket.send(JSON.stringify({ type: 'sent', clientId, message }));
    for (const member of members.get(conversationId) ?? []) {
      const seq = (seqOf.get(member) ?? 0) + 1;
      seqOf.set(member, seq);
      const text = JSON.stringify({ type: 'message.created', seq, message });
      for (const target of socketsOf.get(member) ?? []) target.send(text);
    }
  };

  server.on('connection', (socket, request) => {
    const userId = Number(new URL(request.url ?? '/', 'http://relay').searchParams.get('user'));
    const sockets = socketsOf.get(userId) ?? new Set<WebSocket>();
    socketsOf.set(userId, sockets.add(socket));
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as SendFrame;
      if (frame.type === 'send') forward(userId, socket, frame);
    });
    socket.send(JSON.stringify({ type: 'ready', lastSeq: 0 }));
  });

  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: (userId) => `ws://127.0.0.1:${port}/ws?user=${userId}`,
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
