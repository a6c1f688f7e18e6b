/**
 * Every error the API answers with, by code, with its HTTP status.
 * The server's services throw these (server/src/http/errors.ts) and answer `{error:{code,message}}`;
 * clients read the same catalogue, e.g. for the status of an error that came over a WebSocket.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  WRONG_PASSWORD: 400,
  PASSWORD_CHANGE_REQUIRED: 403,
  RESET_LINK_INVALID: 400,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  BLOCKED: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  ALREADY_TAKEN: 409,
  QUEUE_IN_USE: 409,
  WIDGET_UNAVAILABLE: 409,
  CUSTOMER_BLOCKED: 409,
  REPLY_WINDOW_CLOSED: 409,
  CUSTOMER_OPTED_OUT: 409,
  NOT_SUPPORTED_BY_CHANNEL: 409,
  CALLS_NOT_ALLOWED: 409,
  CALL_IN_PROGRESS: 409,
  CALL_NOT_ACTIVE: 409,
  INVALID_SIGNATURE: 401,
  NO_CUSTOMER_EMAIL: 400,
  MAIL_NOT_CONFIGURED: 503,
  MAIL_FAILED: 502,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  TOO_MANY_UNSENT_FILES: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;
