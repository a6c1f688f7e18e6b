import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ErrorCodes, type ErrorCode } from './errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: { issue?: { path?: PropertyKey[] } };
}

function describeValidation(issues: ValidationIssue[], context: string | undefined): string {
  return issues
    .map((issue) => {
      const pathParts = issue.params?.issue?.path?.map(String);
      const field = pathParts?.length ? pathParts.join('.') : issue.instancePath?.replace(/^\//, '').replace(/\//g, '.');
      return `${context ?? 'body'}${field ? '.' + field : ''}: ${issue.message ?? 'invalid'}`;
    })
    .join('; ');
}

/** Fastify's own errors (bad JSON, body too large, ...) by the code we answer with. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_RATE_LIMIT_EXCEEDED: 'RATE_LIMITED',
  // Raised by the router, before any route (see http/server-options.ts frameworkErrors).
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
};

/** The first (most general) catalogue code for each status. */
const codeByStatus = new Map<number, ErrorCode>();
for (const [code, status] of Object.entries(ErrorCodes) as [ErrorCode, number][]) {
  if (!codeByStatus.has(status)) codeByStatus.set(status, code);
}

export function toErrorBody(error: FastifyError | Error): { status: number; code: ErrorCode; message: string; params?: Record<string, string> } {
  if (error instanceof AppError) {
    return { status: error.statusCode, code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) };
  }
  const fe = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: describeValidation(fe.validation as ValidationIssue[], fe.validationContext),
    };
  }
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) return { status: ErrorCodes[mapped], code: mapped, message: fe.message };
  if (fe.statusCode === 429) return { status: 429, code: 'RATE_LIMITED', message: 'Too many requests, try again shortly' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Another plugin's client error: the catalogue's code for its status, so code and status agree.
    const code = codeByStatus.get(fe.statusCode);
    return code ? { status: fe.statusCode, code, message: fe.message } : { status: 400, code: 'VALIDATION_FAILED', message: fe.message };
  }
  return { status: 500, code: 'INTERNAL', message: 'Something went wrong on the server' };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    const { status, ...rest } = body;
    return reply.status(status).send({ error: rest });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } }));
}
