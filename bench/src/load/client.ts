import { ErrorCodes } from '@switchboard/protocol';
import type { Socket } from 'node:net';
import { corkForTurn } from '@switchboard/server/src/events/cork.js';
import WebSocket from 'ws';
import type { ClientSpec } from './messages.js';

/** The frames the load generator reads; both the server and the relay send the chat ones. */
export type IncomingFrame =
  | { type: 'ready' }
  | { type: 'sent'; clientId: string }
  | { type: 'message.created'; message: { senderId: number; clientId: string } }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'taken'; clientId: string; conversationId: number }
  | { type: 'conversation.created'; conversation: { id: number; myRole: string; customer: { id: number } | null } }
  | { type: string };

export type FrameHandler = (client: BenchClient, frame: IncomingFrame) => void;

const OFFER_ID = /^\{"type":"conversation\.created","conversation":\{"id":(\d+),/;
const CUSTOMER_ID = /,"customer":\{"id":(\d+),/;
const MY_ROLE = /,"myRole":"(\w+)"/;
/** What no run reads beyond its type (a withdrawn offer, a colleague's presence, a chat's change). */
const SKIPPED = /^\{"type":"(conversation\.removed|conversation\.updated|presence)"/;

/**
 * A frame as the runs read it. Fifty agents in one process read 50,000 offers of ~1 KB and 50,000 withdrawals
 * in a routing burst: parsed in full they kept the generator's thread busy enough to delay the very offers it
 * times. An offer's three fields are read from its text (the server writes them in this order; anything else
 * is parsed in full), and what no run reads is not parsed.
 */
export function readFrame(text: string): IncomingFrame {
  const skipped = SKIPPED.exec(text);
  if (skipped) return { type: skipped[1]! };
  const offer = OFFER_ID.exec(text);
  const customer = offer && CUSTOMER_ID.exec(text);
  const role = customer && MY_ROLE.exec(text.slice(-200));
  if (!offer || !customer || !role) return JSON.parse(text) as IncomingFrame;
  return { type: 'conversation.created', conversation: { id: Number(offer[1]), myRole: role[1]!, customer: { id: Number(customer[1]) } } };
}

const BODY = 'Could you call the customer back about ticket 4711? They asked for you by name.';

/** A take answered over the socket, as an HTTP status would say it (ALREADY_TAKEN: 409, FORBIDDEN: 403…). */
export interface TakeAnswer {
  status: number;
  body: string;
}

/** One simulated user with one socket. */
export class BenchClient {
  /** Sends not yet answered by `sent` or `error`. */
  outstanding = 0;
  private socket: WebSocket | undefined;
  private sendCount = 0;
  private readonly takes = new Map<string, (answer: TakeAnswer) => void>();

  constructor(
    readonly spec: ClientSpec,
    private readonly onFrame: FrameHandler,
  ) {}

  /** Opens the socket and waits for `ready`. */
  open(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers = this.spec.token ? { authorization: `Bearer ${this.spec.token}` } : undefined;
      const socket = new WebSocket(this.spec.url, { headers, perMessageDeflate: false });
      this.socket = socket;
      const timer = setTimeout(() => fail(new Error(`no ready within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.terminate();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('unexpected-response', (_request, response) => fail(new Error(`HTTP ${response.statusCode}`)));
      socket.on('message', (data) => {
        const frame = readFrame(data.toString());
        if (frame.type === 'ready') {
          clearTimeout(timer);
          socket.off('error', fail);
          socket.on('error', () => {});
          resolve();
          return;
        }
        if (this.answersTake(frame)) return;
        this.onFrame(this, frame);
      });
    });
  }

  /** Sends one message into the client's conversation; returns its clientId. */
  send(): string {
    const clientId = `bench-${this.spec.userId}-${++this.sendCount}`;
    const frame = { type: 'send', conversationId: this.spec.conversationId, clientId, body: BODY };
    this.outstanding++;
    this.socket!.send(JSON.stringify(frame));
    return clientId;
  }

  /** Takes a customer chat over the socket (the `take` frame), as the web client does. */
  take(conversationId: number): Promise<TakeAnswer> {
    const clientId = `take-${this.spec.userId}-${++this.sendCount}`;
    return new Promise((resolve) => {
      this.takes.set(clientId, resolve);
      // An agent offered many chats at once takes them all: its takes of one turn leave in one write.
      const transport = (this.socket as unknown as { _socket?: Socket })._socket;
      if (transport) corkForTurn(transport);
      this.socket!.send(JSON.stringify({ type: 'take', conversationId, clientId }));
    });
  }

  private answersTake(frame: IncomingFrame): boolean {
    if (frame.type !== 'taken' && frame.type !== 'error') return false;
    const clientId = (frame as { clientId?: string }).clientId;
    const resolve = clientId === undefined ? undefined : this.takes.get(clientId);
    if (!resolve || clientId === undefined) return false;
    this.takes.delete(clientId);
    if (frame.type === 'taken') resolve({ status: 200, body: '' });
    else {
      const { code, message } = frame as { code: string; message: string };
      resolve({ status: (ErrorCodes as Record<string, number>)[code] ?? 0, body: `${code}: ${message}` });
    }
    return true;
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000);
    });
  }
}
