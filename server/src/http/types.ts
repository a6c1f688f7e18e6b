import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, health, the widget's and visitors' routes, static files). */
    public?: boolean;
    /** Called from other sites by design (the widget's routes): answers any origin (CORS), exempt from the same-origin check. */
    crossOrigin?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user; set by the authentication hook on every protected route. */
    actor: import('../access/access.js').Actor;
  }
}
