import type { Socket } from 'node:net';
import {
  VisitorTypingFrame,
  IdParam,
  IpBlockList,
  Text,
  Message,
  OfflineMessage,
  Ok,
  StartVisit,
  VisitResponse,
  VisitorChat,
  VisitorSend,
  Widget,
  WidgetConfig,
  WidgetInput,
  WidgetKeyParam,
  WidgetList,
  CloseCodes,
  VISITOR_TOKEN_SUBPROTOCOL_PREFIX,
  DeviceId,
} from '@switchboard/protocol';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { Connection } from '../events/connection.js';
import type { Hub } from '../events/hub.js';
import { customerRecipient } from '../events/recipient.js';
import { toErrorBody } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import type { App } from '../http/types.js';
import { FLOOD_HOLD_MS, openStream, PenaltyBox, refuseHeld } from '../events/socket-limits.js';
import type { LiveChatService } from './service.js';
import type { CallService } from '../calls/service.js';
import { visitorFrame } from '../calls/frames.js';
import type { TypingService } from '../typing/service.js';

function isTyping(raw: string): boolean {
  try {
    return VisitorTypingFrame.safeParse(JSON.parse(raw)).success;
  } catch {
    return false;
  }
}

export const visitorToken = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  return header?.startsWith('Visitor ') ? header.slice(8).trim() : undefined;
};

/**
 * A WebSocket cannot carry an Authorization header from a browser, so the widget offers its token as a
 * subprotocol (a header: never in URLs, so never in request logs or proxies' access logs). `?token=` stays
 * accepted for widgets loaded before this change; the request log masks it.
 */
function socketToken(request: FastifyRequest, queryToken: string | undefined): string | undefined {
  const offered = request.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? [];
  const fromProtocol = offered.find((p) => p.startsWith(VISITOR_TOKEN_SUBPROTOCOL_PREFIX))?.slice(VISITOR_TOKEN_SUBPROTOCOL_PREFIX.length);
  return fromProtocol || queryToken;
}

const VisitorSocketQuery = z.object({
  token: Text().min(1).max(200).optional(),
  lastSeq: z.coerce.number().int().nonnegative().optional(),
  device: DeviceId.optional(),
});

export function liveChatAdminRoutes(app: App, livechat: LiveChatService): void {
  app.get('/api/admin/widgets', { schema: { response: { 200: WidgetList } } }, async (request) => ({
    widgets: await livechat.listWidgets(request.actor),
  }));
  app.post('/api/admin/widgets', { schema: { body: WidgetInput, response: { 201: Widget } } }, async (request, reply) =>
    reply.status(201).send(await livechat.createWidget(request.actor, request.body)),
  );
  app.put('/api/admin/widgets/:id', { schema: { params: IdParam, body: WidgetInput, response: { 200: Widget } } }, (request) =>
    livechat.updateWidget(request.actor, request.params.id, request.body),
  );
  app.delete('/api/admin/widgets/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await livechat.removeWidget(request.actor, request.params.id);
    return { ok: true as const };
  });
  app.get('/api/admin/blocks', { schema: { response: { 200: IpBlockList } } }, async (request) => ({
    blocks: await livechat.blocks(request.actor),
  }));
  app.delete('/api/admin/blocks/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await livechat.liftBlock(request.actor, request.params.id);
    return { ok: true as const };
  });
}

/** What the widget on a customer's website calls: public, or authenticated by the visitor's token. */
export function visitorRoutes(app: App, livechat: LiveChatService, calls: CallService, typing: TypingService, db: Db, hub: Hub, config: Config): void {
  const { visitsPerIp, messagesPerIp, socketsPerIp, windowMs } = config.visitorLimit;

  app.get(
    '/api/widget/:key/config',
    { config: { public: true, crossOrigin: true }, schema: { params: WidgetKeyParam, response: { 200: WidgetConfig } } },
    (request) => livechat.config(request.params.key, request.ip),
  );
  app.post(
    '/api/widget/:key/visits',
    {
      config: { public: true, crossOrigin: true, rateLimit: { max: visitsPerIp, timeWindow: windowMs } },
      schema: { params: WidgetKeyParam, body: StartVisit, response: { 200: VisitResponse } },
    },
    (request) => livechat.startVisit(request.params.key, request.ip, request.body),
  );
  app.post(
    '/api/widget/:key/offline',
    {
      config: { public: true, crossOrigin: true, rateLimit: { max: visitsPerIp, timeWindow: windowMs } },
      schema: { params: WidgetKeyParam, body: OfflineMessage, response: { 200: VisitResponse } },
    },
    (request) => livechat.leaveMessage(request.params.key, request.ip, request.body),
  );
  app.get('/api/visitor/chat', { config: { public: true, crossOrigin: true }, schema: { response: { 200: VisitorChat } } }, async (request) =>
    livechat.chat(await livechat.authenticate(visitorToken(request), request.ip)),
  );
  app.post(
    '/api/visitor/messages',
    {
      config: { public: true, crossOrigin: true, rateLimit: { max: messagesPerIp, timeWindow: windowMs } },
      schema: { body: VisitorSend, response: { 200: Message } },
    },
    async (request) => livechat.send(await livechat.authenticate(visitorToken(request), request.ip), request.body),
  );

  // A visitor token whose socket was cut off for flooding opens no socket for a minute (the widget waits as long).
  const flooders = new PenaltyBox(FLOOD_HOLD_MS);

  // Open to every Origin by design: the widget runs on customers' websites, and the visitor token (never a
  // cookie) authenticates, so a foreign page cannot borrow a visitor's credentials by opening this socket.
  app.route({
    method: 'GET',
    url: '/ws/visitor',
    // Each upgrade costs a token lookup: a client reconnecting in a loop is refused with 429 before it.
    config: { public: true, rateLimit: { max: socketsPerIp, timeWindow: windowMs } },
    schema: { querystring: VisitorSocketQuery, hide: true },
    preHandler: async (request) => {
      const token = socketToken(request, request.query.token);
      if (token) await refuseHeld(flooders, token);
    },
    // A plain GET (no upgrade) would get @fastify/websocket's bare 404; answer it in the error shape instead.
    handler: () => {
      throw new AppError('NOT_FOUND', 'GET /ws/visitor answers only a WebSocket upgrade');
    },
    wsHandler: (socket, request) =>
      visitorSocket(socket, socketToken(request, request.query.token), request.query.lastSeq, request.ip, request.socket, request.query.device),
  });

  function visitorSocket(socket: WebSocket, token: string | undefined, lastSeq: number | undefined, ip: string, transport: Socket, device?: string): void {
    livechat.authenticate(token, ip).then(
      (visitor) => {
        const connection = new Connection(customerRecipient(visitor.id), socket, db, config.wsLimits.maxBufferedBytes, undefined, transport, device);
        openStream(hub, connection, socket, {
          lastSeq,
          maxSockets: config.wsMaxSockets.perVisitor,
          limits: config.wsLimits,
          // Pings (anything unreadable is answered with a pong too, as before calls) and a call's frames.
          onFrame: (data) => {
            // The visitor typing goes to the colleagues who have the chat (never stored).
            if (isTyping(data.toString())) {
              void typing.visitorTyping({ id: visitor.id, name: visitor.name, accountId: visitor.widget.id }).catch(() => {});
              return;
            }
            const party = { kind: 'customer' as const, customerId: visitor.id, device: connection.device };
            void visitorFrame(data.toString(), party, calls).then((answer) => answer && connection.sendNow(answer));
          },
          onFlood: () => token && flooders.hold(token),
        });
      },
      (error: Error) => {
        const body = toErrorBody(error);
        socket.send(JSON.stringify({ type: 'error', code: body.code, message: body.message }));
        socket.close(body.code === 'BLOCKED' ? CloseCodes.BLOCKED : CloseCodes.SIGNED_OUT, body.code);
      },
    );
  }
}
