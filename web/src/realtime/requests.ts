import { ErrorCodes, type ClientFrame, type EphemeralEvent } from '@switchboard/protocol';
import { ApiError } from '../lib/api';

type TakeFrame = Extract<ClientFrame, { type: 'take' }>;
type Taken = Extract<EphemeralEvent, { type: 'taken' }>;

interface Pending {
  resolve: (answer: Taken) => void;
  reject: (error: ApiError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Long enough for a busy server; after it the caller asks over HTTP, which answers a repeated take alike. */
const ANSWER_TIMEOUT_MS = 8000;
const pending = new Map<string, Pending>();

/**
 * Sends a frame the server answers by its clientId (`taken`, or `error`), as a promise that fails like an
 * HTTP request would (an ApiError with the catalogue's status); status 0 when no answer came.
 * Null when the socket is not open: the caller uses HTTP instead.
 */
export function ask(frame: TakeFrame, send: (frame: ClientFrame) => boolean): Promise<Taken> | null {
  if (!send(frame)) return null;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(frame.clientId)?.reject(new ApiError(0, 'NETWORK', '')), ANSWER_TIMEOUT_MS);
    pending.set(frame.clientId, { resolve, reject, timer });
  });
}

/** Settles the request an event answers; false when it answers none (e.g. an error about a call frame). */
export function answer(event: EphemeralEvent): boolean {
  if ((event.type !== 'taken' && event.type !== 'error') || !event.clientId) return false;
  const request = settle(event.clientId);
  if (!request) return false;
  if (event.type === 'taken') request.resolve(event);
  else {
    const status = (ErrorCodes as Record<string, number>)[event.code] ?? 400;
    request.reject(new ApiError(status, event.code, event.message, event.params ?? {}));
  }
  return true;
}

/** The socket went down: its answers will not come, so every open request fails at once (status 0). */
export function abandonAll(): void {
  for (const clientId of [...pending.keys()]) settle(clientId)?.reject(new ApiError(0, 'NETWORK', ''));
}

function settle(clientId: string): Pending | undefined {
  const request = pending.get(clientId);
  if (!request) return undefined;
  pending.delete(clientId);
  clearTimeout(request.timer);
  return request;
}
