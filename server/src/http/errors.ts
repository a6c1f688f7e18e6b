import { ErrorCodes, type ErrorCode } from '@switchboard/protocol';

export { ErrorCodes, type ErrorCode };

export class AppError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  /** What a client needs to word the error in its own language. */
  readonly params?: Record<string, string>;

  constructor(code: ErrorCode, message: string, params?: Record<string, string>) {
    // A refusal (4xx) is an answer, not a fault to debug: capturing its stack cost more than the rest of a
    // refused Take when 50 agents press Take on every offer. Faults (5xx) keep theirs.
    const limit = Error.stackTraceLimit;
    if (ErrorCodes[code] < 500) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.params = params;
    this.statusCode = ErrorCodes[code];
  }
}

export const errors = {
  validation: (message: string) => new AppError('VALIDATION_FAILED', message),
  unauthenticated: () => new AppError('UNAUTHENTICATED', 'Sign in to continue'),
  invalidCredentials: () => new AppError('INVALID_CREDENTIALS', 'Wrong email or password'),
  /** Not 401: the person is signed in, only the current password they typed (to change it) is wrong. */
  wrongPassword: () => new AppError('WRONG_PASSWORD', 'The current password is not correct'),
  passwordChangeRequired: () => new AppError('PASSWORD_CHANGE_REQUIRED', 'This password was reset by an admin: choose a new password to sign in'),
  resetLinkInvalid: () => new AppError('RESET_LINK_INVALID', 'This password reset link is invalid, used or expired: ask for a new one'),
  accountDisabled: () => new AppError('ACCOUNT_DISABLED', 'This account is disabled'),
  forbidden: (message = 'You may not do this') => new AppError('FORBIDDEN', message),
  notFound: (what: string) => new AppError('NOT_FOUND', `${what} not found`),
  conflict: (message: string) => new AppError('CONFLICT', message),
  /** Params: `names`, every user of the queue quoted; `widgets` and `queues` apart, comma-separated ('' for none). */
  queueInUse: (widgets: string[], queues: string[]) => {
    const names = [...widgets, ...queues].map((n) => `“${n}”`).join(', ');
    return new AppError('QUEUE_IN_USE', `This queue is still used by ${names}: point them to another queue first`, {
      names,
      widgets: widgets.join(', '),
      queues: queues.join(', '),
    });
  },
  /** A visitor writes through a widget whose queue is gone (data from before deleting it was refused). */
  widgetUnavailable: () => new AppError('WIDGET_UNAVAILABLE', 'This chat cannot take messages right now. Please contact us another way.'),
  /** An agent writes to a visitor whose IP is blocked: the widget is cut off, the message would reach nobody. */
  customerBlocked: () =>
    new AppError('CUSTOMER_BLOCKED', 'This visitor is blocked and cannot receive messages. An admin can lift the block under Admin › Blocks.'),
  alreadyTaken: (byName: string) => new AppError('ALREADY_TAKEN', `Already taken by ${byName}`, { name: byName }),
  noCustomerEmail: () => new AppError('NO_CUSTOMER_EMAIL', 'The customer left no email address'),
  mailNotConfigured: () => new AppError('MAIL_NOT_CONFIGURED', 'Email is not configured on this server (SMTP_URL)'),
  mailFailed: () => new AppError('MAIL_FAILED', 'The mail server did not accept the message; try again later'),
  blocked: () => new AppError('BLOCKED', 'Sorry, chat is not available from your network. Please contact us another way.'),
  payloadTooLarge: (message: string, params?: Record<string, string>) => new AppError('PAYLOAD_TOO_LARGE', message, params),
  unsupportedMediaType: (message: string, params?: Record<string, string>) => new AppError('UNSUPPORTED_MEDIA_TYPE', message, params),
  tooManyUnsentFiles: (message: string, params: Record<string, string>) => new AppError('TOO_MANY_UNSENT_FILES', message, params),
  /** WhatsApp: free text only within 24 hours of the customer's last message; a template can still be sent. */
  replyWindowClosed: (closedAt: number) =>
    new AppError('REPLY_WINDOW_CLOSED', 'The customer last wrote more than 24 hours ago: WhatsApp allows only an approved template message now', {
      closedAt: String(closedAt),
    }),
  /** SMS: the customer texted STOP; carriers and Twilio refuse messages to them until they text START. */
  customerOptedOut: () =>
    new AppError('CUSTOMER_OPTED_OUT', 'The customer unsubscribed from SMS (replied STOP); they can write START to receive messages again'),
  /** Params: `action` (e.g. 'block', 'endSession', 'files', 'templates'), `channel`. */
  notSupportedByChannel: (action: string, channel: string) =>
    new AppError('NOT_SUPPORTED_BY_CHANNEL', `A ${channel} chat does not support ${action}`, { action, channel }),
  /** Params: `why`: `group` (calls are 1:1), `channel` (a messaging app), `disabled` (the widget does not allow calls). */
  callsNotAllowed: (why: 'group' | 'channel' | 'disabled') =>
    new AppError(
      'CALLS_NOT_ALLOWED',
      why === 'group'
        ? 'Calls are one-to-one: group chats cannot be called'
        : why === 'channel'
          ? 'Customers on messaging apps cannot be called from here'
          : 'Calls are not enabled for this live chat widget',
      { why },
    ),
  /** The caller is already in a call (or ringing): one at a time. */
  callInProgress: () => new AppError('CALL_IN_PROGRESS', 'You are already in a call'),
  /** The call is over, already answered (on another device), or not at the stage the frame is for. */
  callNotActive: () => new AppError('CALL_NOT_ACTIVE', 'This call is no longer active'),
  invalidSignature: () => new AppError('INVALID_SIGNATURE', 'Missing or wrong signature'),
  rateLimited: (message = 'Too many requests, try again shortly') => new AppError('RATE_LIMITED', message),
};
