import path from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authRoutes, registerAuthentication } from './auth/routes.js';
import { channelAccountRoutes } from './channels/accounts/routes.js';
import { searchRoutes } from './search/routes.js';
import { groupChatRoutes } from './chat/group-routes.js';
import { chatRoutes } from './chat/routes.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { contactsRoutes } from './contacts/routes.js';
import type { Storage } from './db/database.js';
import { InProcessBus, type EventBus } from './events/bus.js';
import { realtimeRoutes } from './events/routes.js';
import { pruneEvents } from './events/storage.js';
import { filesRoutes } from './files/routes.js';
import { groupsRoutes } from './groups/routes.js';
import { registerBodyDeadline } from './http/body-deadline.js';
import { RequestGauge } from './http/request-gauge.js';
import { stopExtraListeners, waitForExtraConnections } from './http/listen.js';
import { admitConnections } from './http/connection-admission.js';
import { registerCsrfDefence } from './http/csrf.js';
import { registerErrorHandling } from './http/error-handler.js';
import { loggerOptions, registerRequestLogging } from './http/logging.js';
import { registerOpenApi } from './http/openapi.js';
import { serverOptions } from './http/server-options.js';
import { webClientHeaders } from './http/security-headers.js';
import { registerWebClient } from './http/static.js';
import type { App } from './http/types.js';
import { createServices, type Services } from './services.js';
import { settingsRoutes } from './settings/routes.js';
import { teamRoutes } from './team/routes.js';
import { templatesRoutes } from './templates/routes.js';
import { usersRoutes } from './users/routes.js';
import { accountRoutes } from './account/routes.js';
import { channelMessagingRoutes } from './channels/routes.js';
import { webhookRoutes } from './channels/webhook-routes.js';
import { mediaLinkRoutes } from './channels/media-routes.js';
import { queuesRoutes } from './queues/routes.js';
import { customerChatRoutes } from './customer-chat/routes.js';
import { liveChatAdminRoutes, visitorRoutes } from './livechat/routes.js';
import { registerVisitorCors, widgetAssetRoutes } from './livechat/assets.js';
import { errors } from './http/errors.js';
import { VISITOR_SUBPROTOCOL } from '@switchboard/protocol';
import { callRoutes } from './calls/routes.js';
import { Rounds } from './rounds.js';

export interface AppOptions {
  config: Config;
  storage: Storage;
  bus?: EventBus;
  clock?: Clock;
  /** For the routing strategies that pick at random; tests pin it. */
  random?: () => number;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: Writable;
}

export interface Built {
  app: App;
  services: Services;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOUR = 60 * 60 * 1000;
const FILE_SWEEP_MS = 5 * 60 * 1000;

export async function buildApp(options: AppOptions): Promise<Built> {
  const { config, storage } = options;
  const clock = options.clock ?? systemClock;
  const bus = options.bus ?? new InProcessBus();
  const app = Fastify({
    ...serverOptions(config),
    logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logStream),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerBodyDeadline(app, config.timeouts.bodyMs);
  registerRequestLogging(app, config.slowRequestMs);
  const admission = admitConnections(app.server, config.connectionLimits);
  app.addHook('preClose', async () => {
    // What the shutdown still waits for when its grace runs out is logged and ended, so the database closes.
    stopExtraListeners(app, {
      ms: config.shutdownGraceMs,
      over: (stillOpen) => {
        app.log.warn({ stillOpen: { ...stillOpen, sockets: services.hub.all().length } }, 'shutdown grace over: ending what is still open');
        services.hub.endNow();
      },
    });
    admission.close();
  });
  app.addHook('onClose', () => waitForExtraConnections(app));
  const requests = new RequestGauge(app.server);

  const services = createServices(
    storage.db,
    bus,
    clock,
    config,
    options.random,
    (err, message) => app.log.error({ err }, message),
    (message) => app.log.info(message),
  );
  await app.register(cookie);
  registerCsrfDefence(app, config);
  await registerVisitorCors(app);
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => errors.rateLimited() });
  await app.register(websocket, {
    // Never echo the visitor's token subprotocol back: only the named one is ever picked.
    options: { maxPayload: config.wsMaxPayload, handleProtocols: (offered) => (offered.has(VISITOR_SUBPROTOCOL) ? VISITOR_SUBPROTOCOL : false) },
    // Replaces the plugin's default, which closes sockets without a code: ours say "going away" (1001).
    // Calls on this node end first, with their transcript lines, while the database is still open.
    preClose: async () => {
      await services.calls.endOnThisNode().catch((err: unknown) => app.log.error({ err }, 'ending calls failed'));
      services.router.stop(); // presence changes below reroute no more waiting chats after their batch at hand
      await services.hub.close();
    },
  });
  await registerOpenApi(app);
  registerAuthentication(app, services.auth);

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    (await storage.ping()) ? { status: 'ok' } : reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'database unreachable' } }),
  );
  authRoutes(app, services.auth, services.users, config);
  usersRoutes(app, services.users);
  accountRoutes(app, services.account, config);
  groupsRoutes(app, services.groups);
  teamRoutes(app, services.team);
  contactsRoutes(app, services.contacts);
  settingsRoutes(app, services.settings);
  templatesRoutes(app, services.templates);
  chatRoutes(app, services.chat);
  searchRoutes(app, services.search);
  groupChatRoutes(app, services.groupChats, services.messageEdits);
  queuesRoutes(app, services.queues);
  customerChatRoutes(app, services.customerChats);
  channelAccountRoutes(app, services.channelAccounts);
  channelMessagingRoutes(app, services.channels.messaging);
  webhookRoutes(app, {
    db: storage.db,
    accounts: services.channels.accounts,
    adapters: services.channels.adapters,
    clock,
    config,
    kick: () => services.channels.workers.kick(),
  });
  mediaLinkRoutes(app, services.channels.links, services.files, storage.db);
  liveChatAdminRoutes(app, services.livechat);
  visitorRoutes(app, services.livechat, services.calls, services.typing, storage.db, services.hub, config);
  callRoutes(app, services.calls, services.livechat);
  await filesRoutes(app, services.files, services.livechat, config);
  realtimeRoutes(app, storage.db, services.hub, services, config);
  widgetAssetRoutes(app, storage.db, path.join(repoRoot, 'widget'), config);
  await registerWebClient(app, config.webDist ?? path.join(repoRoot, 'web/dist'), webClientHeaders(config));

  const pruner = setInterval(() => void pruneEvents(storage.db, clock.now() - config.eventRetentionMs), HOUR);
  pruner.unref();
  // Uploads never sent expire (config.unsentUploadTtlMs); checked every few minutes.
  const sweepFiles = () => void services.files.sweepUnsent().catch((err: unknown) => app.log.error({ err }, 'sweeping unsent files failed'));
  const fileSweeper = setInterval(sweepFiles, Math.min(config.unsentUploadTtlMs, FILE_SWEEP_MS));
  fileSweeper.unref();
  const routingRounds = new Rounds(
    (stopping) => services.router.routeDue(stopping),
    (err: unknown) => app.log.error({ err }, 'routing failed'),
  );
  const routing = config.routingTickMs > 0 ? setInterval(() => routingRounds.tick(), config.routingTickMs) : undefined;
  routing?.unref();
  // Providers' 200s come first: while requests keep arriving, processing stored webhooks pauses as long as each
  // item took, and waits (up to 20 ms an item) while requests are being answered (http/request-gauge.ts).
  services.channels.pacing.giveWayTo((spentMs) => requests.giveWay(spentMs, 20));
  services.channels.workers.start(config.channelTickMs);
  // One node alone: calls a crash left open end now (their sockets are gone). The node's lease comes before
  // its first socket; every second it is renewed, dead nodes are swept and calls ring out (calls/service.ts).
  if (!config.redisUrl) await services.calls.endLeftOpen().catch((err: unknown) => app.log.error({ err }, 'ending calls left open failed'));
  await services.calls.startNode();
  const callRounds = new Rounds(
    () => services.calls.tick(),
    (err: unknown) => app.log.error({ err }, 'call upkeep failed'),
  );
  const callTimer = setInterval(() => callRounds.tick(), 1000);
  callTimer.unref();
  app.addHook('onClose', async () => {
    await services.channels.workers.stop();
    clearInterval(pruner);
    clearInterval(fileSweeper);
    clearInterval(routing);
    clearInterval(callTimer);
    await routingRounds.stop();
    await callRounds.stop();
    services.mailer.close();
    await bus.close();
  });
  return { app, services };
}
