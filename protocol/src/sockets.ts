/**
 * Every code the server closes a WebSocket (`/ws`, `/ws/visitor`) with, and what a client should do.
 * Shared with the web client and the widget so both react the same way; docs/protocol.md lists them.
 */
export const CloseCodes = {
  /** The server is restarting: reconnect with backoff and resume from the last seq. */
  GOING_AWAY: 1001,
  /** A frame over WS_MAX_PAYLOAD_BYTES (sent by the ws library). Reconnect with backoff. */
  MESSAGE_TOO_BIG: 1009,
  /** Something failed on the server while sending: reconnect with backoff. */
  INTERNAL: 1011,
  /** Signed out (logout, password change, account disabled) or the visitor token is invalid: do not reconnect. */
  SIGNED_OUT: 4001,
  /** The visitor's network is blocked: do not reconnect. */
  BLOCKED: 4003,
  /** The visitor's conversation was deleted: reconnect (a new conversation starts). */
  CONVERSATION_DELETED: 4004,
  /** More frames than WS_FRAME_RATE allows: reconnect with backoff. */
  TOO_MANY_FRAMES: 4008,
  /** The client read too slowly and the server's send buffer passed WS_MAX_BUFFERED_BYTES: reconnect and resume. */
  TOO_SLOW: 4009,
  /** Too many sockets open for this user or visitor: the new one is refused; retry only after a long pause. */
  TOO_MANY_SOCKETS: 4029,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];

/** How long a client waits before retrying after TOO_MANY_SOCKETS, so a tab over the cap never hot-loops. */
export const TOO_MANY_SOCKETS_RETRY_MS = 60_000;

/**
 * The visitor's socket offers two subprotocols: this one, which the server picks, and `visitor-token.<token>`,
 * which carries the token in a header (browsers cannot set Authorization on a WebSocket) instead of the URL.
 */
export const VISITOR_SUBPROTOCOL = 'switchboard.visitor';
export const VISITOR_TOKEN_SUBPROTOCOL_PREFIX = 'visitor-token.';
