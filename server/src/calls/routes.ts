import { IceServers } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { LiveChatService } from '../livechat/service.js';
import { visitorToken } from '../livechat/routes.js';
import type { CallService } from './service.js';

/** The ICE servers (STUN, TURN with time-limited credentials) for a colleague, and for a visitor during their call. */
export function callRoutes(app: App, calls: CallService, livechat: LiveChatService): void {
  app.get('/api/calls/ice-servers', { schema: { response: { 200: IceServers } } }, (request) => calls.iceServersFor(request.actor));
  app.get('/api/visitor/calls/ice-servers', { config: { public: true, crossOrigin: true }, schema: { response: { 200: IceServers } } }, async (request) =>
    calls.iceServersForVisitor((await livechat.authenticate(visitorToken(request), request.ip)).id),
  );
}
