import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readFrame } from '../load/client.js';
import { type RoutingRelay, startRoutingRelay } from './routing-relay.js';

/** An agent's socket on the relay, keeping every frame it is sent. */
async function agentSocket(relay: RoutingRelay, token: string): Promise<{ socket: WebSocket; frames: string[] }> {
  const socket = new WebSocket(relay.wsUrl, { headers: { authorization: `Bearer ${token}` } });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  await new Promise((resolve) => socket.once('message', resolve));
  return { socket, frames };
}

async function post(relay: RoutingRelay, path: string, authorization: string | undefined, body: unknown) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('the routing burst’s bare relay', () => {
  let relay: RoutingRelay;
  afterEach(() => relay.close());

  it('offers a chat to the first three agents in a frame the load generator reads, gives it to the first take and refuses the next', async () => {
    relay = await startRoutingRelay(4, 'first three');
    const agents = await Promise.all(relay.agents.map((a) => agentSocket(relay, a.token)));
    const visit = await post(relay, '/api/widget/any/visits', undefined, { name: 'Visitor 0', email: '' });
    const message = await post(relay, '/api/visitor/messages', `Visitor ${visit.body.token}`, { clientId: 'first-message-0', body: 'Hello' });
    expect(message.status).toBe(200);

    await until(() => agents.slice(0, 3).every((a) => a.frames.length === 2));
    const offers = agents.slice(0, 3).map((a) => readFrame(a.frames[1]!));
    expect(offers).toEqual(
      Array(3).fill({ type: 'conversation.created', conversation: { id: visit.body.visitorId, myRole: 'offered', customer: { id: visit.body.visitorId } } }),
    );

    const [first, second, third, fourth] = agents as [(typeof agents)[0], (typeof agents)[0], (typeof agents)[0], (typeof agents)[0]];
    first.socket.send(JSON.stringify({ type: 'take', conversationId: visit.body.visitorId, clientId: 'take-1-1' }));
    await until(() => first.frames.length === 3);
    second.socket.send(JSON.stringify({ type: 'take', conversationId: visit.body.visitorId, clientId: 'take-2-1' }));
    await until(() => second.frames.length === 4);

    expect(JSON.parse(first.frames[2]!)).toEqual({ type: 'taken', clientId: 'take-1-1', conversationId: visit.body.visitorId });
    expect(JSON.parse(second.frames[2]!)).toMatchObject({ type: 'conversation.removed', conversationId: visit.body.visitorId });
    expect(JSON.parse(second.frames[3]!)).toMatchObject({ type: 'error', code: 'ALREADY_TAKEN', clientId: 'take-2-1' });
    await until(() => third.frames.length === 3);
    expect(fourth.frames).toHaveLength(1);
  });

  it('refuses a first message from someone it never gave a visit', async () => {
    relay = await startRoutingRelay(1, 'all');
    const message = await post(relay, '/api/visitor/messages', 'Visitor made-up', { clientId: 'first-message-0', body: 'Hello' });
    expect(message.status).toBe(401);
  });
});
