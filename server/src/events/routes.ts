import { CloseCodes, DeviceId } from '@switchboard/protocol';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tokenOf } from '../auth/routes.js';
import { sessionIdOf, type AuthService } from '../auth/service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import { Connection } from './connection.js';
import { handleFrame, type FrameHandlers } from './frames.js';
import type { Hub } from './hub.js';
import { userRecipient } from './recipient.js';
import { FLOOD_HOLD_MS, openStream, PenaltyBox, refuseHeld } from './socket-limits.js';

const WsQuery = z.object({ lastSeq: z.coerce.number().int().nonnegative().optional(), device: DeviceId.optional() });
const KEEPALIVE_MS = 30_000;

/**
 * Browsers send the session cookie with any page's WebSocket to us (SameSite does not stop a same-site
 * attacker page, and WebSockets have no CORS), so a cookie-authenticated upgrade must come from our own
 * origin. API clients send a bearer header, which no other page can make a browser send.
 */
function assertOwnOrigin(request: FastifyRequest, publicUrl: string): void {
  if (request.headers.authorization?.startsWith('Bearer ')) return;
  if (request.headers.origin !== new URL(publicUrl).origin) throw errors.forbidden('WebSocket from another origin');
}

/**
 * Runs every KEEPALIVE_MS: a socket that stops answering pings (a laptop lid closed, a dropped network) is
 * closed, so presence turns offline; one whose session expired is closed as signed out.
 */
export function sweepSockets(hub: Hub, auth: AuthService): void {
  for (const connection of hub.all()) {
    if (auth.hasEnded(connection.endsAt)) connection.close(CloseCodes.SIGNED_OUT, 'session expired');
    else if (!connection.alive) connection.terminate();
    else {
      connection.alive = false;
      connection.ping();
    }
  }
}

export function realtimeRoutes(app: App, db: Db, hub: Hub, services: FrameHandlers & { auth: AuthService }, config: Config): void {
  // Looked up before the upgrade, so the socket knows when its session ends from its first moment.
  const sessionEnds = new WeakMap<FastifyRequest, number>();
  // A colleague's client cut off for flooding opens no socket for a minute either (see PenaltyBox).
  const flooders = new PenaltyBox(FLOOD_HOLD_MS);
  app.get(
    '/ws',
    {
      websocket: true,
      preHandler: async (request) => {
        assertOwnOrigin(request, config.publicUrl);
        await refuseHeld(flooders, String(request.actor.id));
        sessionEnds.set(request, await services.auth.sessionEndsAt(tokenOf(request)!));
      },
      schema: { querystring: WsQuery, hide: true },
    },
    (socket, request) => {
      const actor = request.actor;
      const token = tokenOf(request)!;
      const connection = new Connection(
        userRecipient(actor.id),
        socket,
        db,
        config.wsLimits.maxBufferedBytes,
        sessionIdOf(token),
        request.socket,
        request.query.device,
      );
      connection.endsAt = sessionEnds.get(request) ?? 0;
      openStream(hub, connection, socket, {
        lastSeq: request.query.lastSeq,
        maxSockets: config.wsMaxSockets.perUser,
        limits: config.wsLimits,
        onFrame: (data, isBinary) => {
          if (isBinary) return connection.sendNow({ type: 'error', code: 'VALIDATION_FAILED', message: 'frame: must be text' });
          void handleFrame(data.toString(), actor, services, connection.device).then((answer) => answer && connection.sendNow(answer));
        },
        onFlood: () => flooders.hold(String(actor.id)),
      });
    },
  );

  const timer = setInterval(() => sweepSockets(hub, services.auth), KEEPALIVE_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
