import type { FastifyRequest } from 'fastify';

/**
 * Visitor routes of the files module: authenticated by the visitor's token, called from customers'
 * websites. Listed by route pattern (what the router matched, never the request's URL string) because
 * that module is not ours to flag; `config: { public: true, crossOrigin: true }` on the routes is the preferred way.
 */
const VISITOR_ROUTES_ELSEWHERE = new Set([
  '/api/visitor/files',
  '/api/visitor/files/:id',
  '/api/visitor/files/:id/display',
  '/api/visitor/files/:id/thumbnail',
]);

const isVisitorRouteElsewhere = (request: FastifyRequest) => VISITOR_ROUTES_ELSEWHERE.has(request.routeOptions.url ?? '');

/** Reachable without a session; unmatched requests only reach the 404 handler. */
export function isPublicRoute(request: FastifyRequest): boolean {
  if (request.is404) return true;
  return request.routeOptions.config.public === true || isVisitorRouteElsewhere(request);
}

/** Called from other sites by design (the widget): no same-origin check applies. */
export function isCrossOriginRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config.crossOrigin === true || isVisitorRouteElsewhere(request);
}
