import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { App } from '../http/types.js';
import { Connection } from './connection.js';
import { handleFrame, type FrameHandlers } from './frames.js';
import type { Hub } from './hub.js';
import { userRecipient } from './recipient.js';

const WsQuery = z.object({ lastSeq: z.coerce.number().int().nonnegative().optional() });
const KEEPALIVE_MS = 30_000;

export function realtimeRoutes(app: App, db: Db, hub: Hub, services: FrameHandlers): void {
  app.get('/ws', { websocket: true, schema: { querystring: WsQuery, hide: true } }, (socket, request) => {
    const actor = request.actor;
    const connection = new Connection(userRecipient(actor.id), socket, db);
    hub.add(connection);
    connection.start(request.query.lastSeq);
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return connection.sendNow({ type: 'error', code: 'VALIDATION_FAILED', message: 'frame: must be text' });
      void handleFrame(data.toString(), actor, services).then((answer) => answer && connection.sendNow(answer));
    });
    socket.on('close', () => hub.remove(connection));
  });

  // A socket that stops answering pings (a laptop lid closed, a dropped network) is closed, so presence turns offline.
  const timer = setInterval(() => {
    for (const connection of hub.all()) {
      if (!connection.alive) connection.terminate();
      else {
        connection.alive = false;
        connection.ping();
      }
    }
  }, KEEPALIVE_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
