import { LoginRequest, LoginResponse, Me, Ok } from '@switchboard/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/access.js';
import type { Config } from '../config.js';
import type { App } from '../http/types.js';
import { errors } from '../http/errors.js';
import { isPublicRoute } from '../http/route-flags.js';
import type { AuthService } from './service.js';
import type { UsersService } from '../users/service.js';

export const SESSION_COOKIE = 'sb_session';

/** The session token from the cookie (browsers) or the Authorization header (API clients). */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies[SESSION_COOKIE];
}

const kActor = Symbol('actor');
type WithActor = FastifyRequest & { [kActor]?: Actor };

/**
 * Every route needs a signed-in user unless it is declared `config: { public: true }`. The decision
 * follows the matched route, so `/%61pi/...`, `/w%73` and the like are judged as the route they reach.
 * `request.actor` throws 401 when no one signed in: an authenticated handler can never run without one.
 */
export function registerAuthentication(app: App, auth: AuthService): void {
  app.decorateRequest('actor', {
    getter(this: WithActor) {
      const actor = this[kActor];
      if (!actor) throw errors.unauthenticated();
      return actor;
    },
    setter(this: WithActor, actor: Actor) {
      this[kActor] = actor;
    },
  });
  app.addHook('onRequest', async (request) => {
    if (isPublicRoute(request)) return;
    const token = tokenOf(request);
    const actor = token ? await auth.authenticate(token) : null;
    if (!actor) throw errors.unauthenticated();
    request.actor = actor;
  });
}

export function authRoutes(app: App, auth: AuthService, users: UsersService, config: Config): void {
  const { perIp, perAccount, windowMs } = config.loginLimit;
  // The route's own limit counts per IP; this second counter, per account, stops a spread-out guessing attack.
  const perAccountCounter = app.createRateLimit({
    max: perAccount,
    timeWindow: windowMs,
    keyGenerator: (request) => `login:${String((request.body as { email?: string }).email).toLowerCase()}`,
  });
  const limitPerAccount = async (request: FastifyRequest) => {
    const count = await perAccountCounter(request);
    if (!count.isAllowed && count.isExceeded) throw errors.rateLimited('Too many sign-in attempts for this account, try again in a minute');
  };

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: perIp, timeWindow: windowMs } },
      preHandler: limitPerAccount,
      schema: { body: LoginRequest, response: { 200: LoginResponse } },
    },
    async (request, reply) => {
      const result = await auth.login(request.body.email, request.body.password, request.body.newPassword);
      setSessionCookie(reply, result.token, config);
      return result;
    },
  );

  app.post('/api/auth/logout', { schema: { response: { 200: Ok } } }, async (request, reply) => {
    await auth.logout(tokenOf(request)!, request.actor.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/me', { schema: { response: { 200: Me } } }, (request) => users.me(request.actor));
}

export function setSessionCookie(reply: FastifyReply, token: string, config: Config): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.publicUrl.startsWith('https://'),
    maxAge: 30 * 24 * 60 * 60,
  });
}
