import {
  AuthOptions,
  ChangePassword,
  ForgotPassword,
  IdParam,
  LoginResponse,
  Ok,
  PasswordResetResult,
  ResetPassword,
  UpdateMe,
  User,
} from '@switchboard/protocol';
import type { FastifyRequest } from 'fastify';
import { setSessionCookie, tokenOf } from '../auth/routes.js';
import type { Config } from '../config.js';
import { errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import type { AccountService } from './service.js';

export function accountRoutes(app: App, account: AccountService, config: Config): void {
  const { perIp, perAccount, windowMs } = config.loginLimit;
  /** A second counter beside the route's per-IP one, keyed per account: guessing spread over many addresses is slowed too. */
  const limitPer = (key: (request: FastifyRequest) => string, message: string, max = perAccount, timeWindow = windowMs) => {
    const counter = app.createRateLimit({ max, timeWindow, keyGenerator: key });
    return async (request: FastifyRequest) => {
      const count = await counter(request);
      if (!count.isAllowed && count.isExceeded) throw errors.rateLimited(message);
    };
  };
  const perIpLimit = { max: perIp, timeWindow: windowMs };

  app.get('/api/auth/options', { config: { public: true }, schema: { response: { 200: AuthOptions } } }, () => account.options());

  app.patch('/api/me', { schema: { body: UpdateMe, response: { 200: User } } }, (request) => account.rename(request.actor, request.body));

  app.post(
    '/api/me/password',
    {
      config: { rateLimit: perIpLimit },
      preHandler: limitPer((request) => `password:${request.actor.id}`, 'Too many attempts, try again in a minute'),
      schema: { body: ChangePassword, response: { 200: Ok } },
    },
    async (request) => {
      await account.changePassword(request.actor, tokenOf(request)!, request.body);
      return { ok: true as const };
    },
  );

  app.post('/api/admin/users/:id/password-reset', { schema: { params: IdParam, response: { 200: PasswordResetResult } } }, (request) =>
    account.resetByAdmin(request.actor, request.params.id),
  );

  app.post(
    '/api/auth/forgot-password',
    {
      config: { public: true, rateLimit: perIpLimit },
      preHandler: limitPer(
        (request) => `forgot:${String((request.body as { email?: string }).email).toLowerCase()}`,
        'Too many reset requests for this address, try again later',
        config.resetMailLimit.perAccount,
        config.resetMailLimit.windowMs,
      ),
      schema: { body: ForgotPassword, response: { 200: Ok } },
    },
    async (request) => {
      await account.forgotPassword(request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/reset-password',
    { config: { public: true, rateLimit: perIpLimit }, schema: { body: ResetPassword, response: { 200: LoginResponse } } },
    async (request, reply) => {
      const result = await account.resetWithLink(request.body.token, request.body.newPassword);
      setSessionCookie(reply, result.token, config);
      return result;
    },
  );
}
