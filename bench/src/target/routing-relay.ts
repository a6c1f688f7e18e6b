import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Which of a queue's agents a new chat is offered to: all of them, or the first three (the burst never reroutes). */
export type RelayOffers = 'all' | 'first three';

/**
 * A bare routing relay: the runtime's floor for the routing burst, on the same HTTP calls and frames as the server.
 * A visit answers a token; a visitor's message makes a chat and sends its offer (one frame, of an offer's size,
 * encoded once) to its agents; the first `take` of a chat wins, the others are refused with ALREADY_TAKEN, and the
 * agents who lost it are told it was removed. No validation, no access rules, nothing stored.
 */
export interface RoutingRelay {
  httpUrl: string;
  wsUrl: string;
  /** A bearer token per agent, in queue order. */
  agents: { id: number; token: string }[];
  close(): Promise<void>;
}

interface Chat {
  offeredTo: number[];
  owner?: number;
}

/** The view an offer carries, field for field as the server writes it (the load generator reads three of them). */
function offerFrame(chatId: number, visitorId: number, body: string, at: number): string {
  const conversation = {
    id: chatId,
    kind: 'external',
    title: `Visitor ${visitorId}`,
    lastActivityAt: at,
    lastMessage: { id: chatId, conversationId: chatId, author: 'customer', senderId: null, senderName: `Visitor ${visitorId}`, body, createdAt: at },
    members: [],
    channel: 'livechat',
    state: 'queued',
    owner: null,
    queue: { id: 1, number: '800', name: 'Support' },
    customer: { id: visitorId, channel: 'livechat', name: `Visitor ${visitorId}`, email: '', phone: '', language: '', ip: '127.0.0.1', blocked: false },
    account: null,
    capabilities: null,
    replyWindowClosesAt: null,
    createdBy: null,
    unread: 1,
    myRole: 'offered',
    archived: false,
  };
  return JSON.stringify({ type: 'conversation.created', conversation });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export async function startRoutingRelay(agentCount: number, offers: RelayOffers): Promise<RoutingRelay> {
  const agents = Array.from({ length: agentCount }, (_, i) => ({ id: i + 1, token: `relay-agent-${i + 1}` }));
  const agentOf = new Map(agents.map((a) => [`Bearer ${a.token}`, a.id]));
  const socketsOf = new Map<number, WebSocket>();
  const visitorOf = new Map<string, number>();
  const chats = new Map<number, Chat>();
  let visitors = 0;

  const sendTo = (userIds: readonly number[], text: string) => {
    for (const id of userIds) socketsOf.get(id)?.send(text);
  };

  const firstMessage = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const visitorId = visitorOf.get(request.headers.authorization ?? '');
    const { body } = JSON.parse(await readBody(request)) as { body: string };
    if (visitorId === undefined) return answer(response, 401, { error: { code: 'UNAUTHENTICATED', message: 'no such visitor' } });
    const at = Date.now();
    const offeredTo = (offers === 'all' ? agents : agents.slice(0, 3)).map((a) => a.id);
    chats.set(visitorId, { offeredTo });
    sendTo(offeredTo, offerFrame(visitorId, visitorId, body, at));
    answer(response, 200, { id: visitorId, conversationId: visitorId, body, createdAt: at });
  };

  const server = http.createServer((request, response) => {
    if (request.method === 'POST' && request.url?.endsWith('/visits')) {
      void readBody(request).then(() => {
        const visitorId = ++visitors;
        const token = `relay-visitor-${visitorId}`;
        visitorOf.set(`Visitor ${token}`, visitorId);
        answer(response, 200, { visitorId, token });
      });
    } else if (request.method === 'POST' && request.url === '/api/visitor/messages') void firstMessage(request, response);
    else answer(response, 404, { error: { code: 'NOT_FOUND', message: 'not here' } });
  });

  const take = (userId: number, socket: WebSocket, frame: { conversationId: number; clientId: string }) => {
    const chat = chats.get(frame.conversationId);
    if (!chat || chat.owner !== undefined) {
      const by = chat?.owner === undefined ? 'nobody' : `Agent ${chat.owner}`;
      socket.send(JSON.stringify({ type: 'error', code: 'ALREADY_TAKEN', message: `Already taken by ${by}`, clientId: frame.clientId }));
      return;
    }
    chat.owner = userId;
    socket.send(JSON.stringify({ type: 'taken', clientId: frame.clientId, conversationId: frame.conversationId }));
    const removal = JSON.stringify({ type: 'conversation.removed', conversationId: frame.conversationId, reason: 'taken' });
    sendTo(
      chat.offeredTo.filter((id) => id !== userId),
      removal,
    );
  };

  const sockets = new WebSocketServer({ server, path: '/ws' });
  sockets.on('connection', (socket, request) => {
    const userId = agentOf.get(request.headers.authorization ?? '');
    if (userId === undefined) return socket.close(4401, 'unknown agent');
    socketsOf.set(userId, socket);
    socket.on('close', () => socketsOf.delete(userId));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; conversationId: number; clientId: string };
      if (frame.type === 'take') take(userId, socket, frame);
    });
    socket.send(JSON.stringify({ type: 'ready', lastSeq: 0 }));
  });

  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    agents,
    async close() {
      for (const socket of sockets.clients) socket.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
