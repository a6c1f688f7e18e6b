import {
  VISITOR_SUBPROTOCOL,
  VISITOR_TOKEN_SUBPROTOCOL_PREFIX,
  type Conversation,
  type Message,
  type QueueInput,
  type VisitorChat,
  type WidgetInput,
} from '@switchboard/protocol';
import type { Harness, TestUser } from './harness.js';
import { TestSocket } from './ws-client.js';

let clientCounter = 0;
export const clientId = () => `client-${Date.now()}-${clientCounter++}`;

export async function createQueue(h: Harness, admin: TestUser, input: Partial<QueueInput> & { agentIds: number[] }) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/api/admin/queues',
    headers: admin.auth,
    payload: { number: String(800 + clientCounter++), name: 'Support', ...input },
  });
  if (response.statusCode !== 201) throw new Error(`queue: ${response.body}`);
  return response.json() as { id: number; number: string };
}

export async function createWidget(h: Harness, admin: TestUser, target: WidgetInput['target']) {
  const response = await h.app.inject({ method: 'POST', url: '/api/admin/widgets', headers: admin.auth, payload: { name: 'Website', target } });
  if (response.statusCode !== 201) throw new Error(`widget: ${response.body}`);
  return response.json() as { id: number; key: string };
}

/** An agent logged into a queue with an open socket, so the router counts them as available. */
export async function agentOnline(h: Harness, agent: TestUser, queueIds: number[]): Promise<TestSocket> {
  for (const queueId of queueIds) {
    const response = await h.app.inject({ method: 'PUT', url: `/api/queues/${queueId}/login`, headers: agent.auth, payload: { loggedIn: true } });
    if (response.statusCode !== 200) throw new Error(`queue login: ${response.body}`);
  }
  return TestSocket.connect(h.url, agent.token);
}

export class TestVisitor {
  constructor(
    private readonly h: Harness,
    readonly token: string,
    readonly id: number,
    readonly ip: string,
  ) {}

  static async start(h: Harness, widgetKey: string, name = 'Jane Visitor', ip = '203.0.113.7', email = ''): Promise<TestVisitor> {
    const response = await h.app.inject({ method: 'POST', url: `/api/widget/${widgetKey}/visits`, payload: { name, email }, remoteAddress: ip });
    if (response.statusCode !== 200) throw new Error(`visit: ${response.statusCode} ${response.body}`);
    const body = response.json() as { token: string; visitorId: number };
    return new TestVisitor(h, body.token, body.visitorId, ip);
  }

  send(body: string, id = clientId()) {
    return this.h.app.inject({
      method: 'POST',
      url: '/api/visitor/messages',
      headers: { authorization: `Visitor ${this.token}` },
      payload: { clientId: id, body },
      remoteAddress: this.ip,
    });
  }

  async write(body: string): Promise<Message> {
    const response = await this.send(body);
    if (response.statusCode !== 200) throw new Error(`visitor send: ${response.body}`);
    return response.json();
  }

  async chat(): Promise<VisitorChat> {
    const response = await this.h.app.inject({
      method: 'GET',
      url: '/api/visitor/chat',
      headers: { authorization: `Visitor ${this.token}` },
      remoteAddress: this.ip,
    });
    return response.json();
  }

  /** Opens the visitor's stream as the widget does: the token as a subprotocol, not in the URL. */
  socket(lastSeq?: number): Promise<TestSocket> {
    const url = `${this.h.url.replace('http', 'ws')}/ws/visitor${lastSeq === undefined ? '' : `?lastSeq=${lastSeq}`}`;
    return TestSocket.connectUrl(url, {}, [VISITOR_SUBPROTOCOL, VISITOR_TOKEN_SUBPROTOCOL_PREFIX + this.token]);
  }
}

export async function recents(h: Harness, user: TestUser, archived = false): Promise<Conversation[]> {
  const response = await h.app.inject({ method: 'GET', url: `/api/conversations${archived ? '?archived=true' : ''}`, headers: user.auth });
  return (response.json() as { conversations: Conversation[] }).conversations;
}

export function act(h: Harness, user: TestUser, conversationId: number, action: string, payload?: object) {
  return h.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/${action}`, headers: user.auth, payload });
}

export function reply(h: Harness, user: TestUser, conversationId: number, body: string) {
  return act(h, user, conversationId, 'messages', { clientId: clientId(), body });
}

/** A listening server with a Ring all queue of two agents, Anna and Ben, both online, behind a live chat widget. */
export interface RingAllDesk {
  anna: TestUser;
  ben: TestUser;
  widget: { key: string };
  /** Anna's socket, then Ben's; a test may add its own, closed with them. */
  sockets: TestSocket[];
  close(): Promise<void>;
}

export async function ringAllDesk(h: Harness): Promise<RingAllDesk> {
  await h.listen();
  const admin = await h.user('Root', 'admin');
  const anna = await h.user('Anna');
  const ben = await h.user('Ben');
  const queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
  const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
  const sockets = [await agentOnline(h, anna, [queue.id]), await agentOnline(h, ben, [queue.id])];
  return {
    anna,
    ben,
    widget,
    sockets,
    async close() {
      await Promise.all(sockets.splice(0).map((s) => s.close()));
      await h.close();
    },
  };
}
