import type { Conversation, Message } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { pruneEvents } from './storage.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('real-time event stream on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  let conversation: Conversation;
  const sockets: TestSocket[] = [];

  const connect = async (user: TestUser, lastSeq?: number) => {
    const socket = await TestSocket.connect(h.url, user.token, lastSeq);
    sockets.push(socket);
    return socket;
  };

  const send = async (from: TestUser, body: string) => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: from.auth,
      payload: { clientId: `c-${Math.random().toString(36).slice(2)}`, body },
    });
    expect(response.statusCode).toBe(200);
    return response.json() as Message;
  };

  beforeEach(async () => {
    h = await startHarness(dialect, { env: { WS_MAX_PAYLOAD_BYTES: '4096' } });
    await h.listen();
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    const response = await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    conversation = response.json();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  it('delivers a message to the other member live, with a per-user sequence number', async () => {
    const benSocket = await connect(ben);
    const ready = await benSocket.next('ready');
    const sent = await send(anna, 'hello Ben');
    const event = await benSocket.next('message.created');
    expect(event.message).toEqual(sent);
    expect(event).toMatchObject({ seq: ready.lastSeq + 1 });
  });

  it('sends over the socket, answers "sent", and delivers a retried clientId once', async () => {
    const annaSocket = await connect(anna);
    const benSocket = await connect(ben);
    const frame = { type: 'send', conversationId: conversation.id, clientId: 'socket-send-1', body: 'via socket' };
    annaSocket.send(frame);
    const sent = await annaSocket.next('sent');
    annaSocket.send(frame);
    await annaSocket.next((e) => e.type === 'sent' && annaSocket.events.filter((x) => x.type === 'sent').length === 2);
    await send(anna, 'marker');
    await benSocket.next((e) => e.type === 'message.created' && e.message.body === 'marker');
    const delivered = benSocket.events.filter((e) => e.type === 'message.created');
    expect(delivered.map((e) => e.type === 'message.created' && e.message.id)).toEqual([sent.message.id, expect.any(Number)]);
  });

  it('gives a reconnecting client exactly the events it missed, in order', async () => {
    const first = await connect(ben);
    await send(anna, 'one');
    await first.next('message.created');
    const resumeFrom = first.lastSeq();
    await first.close();

    const missed = ['two', 'three', 'four'];
    for (const body of missed) await send(anna, body);

    const second = await connect(ben, resumeFrom);
    await second.next('ready');
    const replayed = second.durable();
    expect(replayed.map((e) => e.seq)).toEqual([resumeFrom + 1, resumeFrom + 2, resumeFrom + 3]);
    expect(replayed.map((e) => e.type === 'message.created' && e.message.body)).toEqual(missed);
    await send(anna, 'live again');
    const live = await second.next((e) => e.type === 'message.created' && e.message.body === 'live again');
    expect((live as { seq: number }).seq).toBe(resumeFrom + 4);
  });

  it('loses nothing across a server restart', async () => {
    const before = await connect(ben);
    await send(anna, 'before restart');
    await before.next('message.created');
    const resumeFrom = before.lastSeq();
    await h.restart();
    expect(await before.closed()).toBeGreaterThan(0);
    await send(anna, 'while ben was away');
    const after = await connect(ben, resumeFrom);
    const event = await after.next('message.created');
    expect(event.type === 'message.created' && event.message.body).toBe('while ben was away');
  });

  it('tells a client to reload when its resume point was pruned or is unknown', async () => {
    const first = await connect(ben);
    await send(anna, 'one');
    await first.next('message.created');
    const resumeFrom = first.lastSeq();
    await first.close();
    await send(anna, 'two');
    await pruneEvents(h.storage.db, Date.now() + 1);

    const pruned = await connect(ben, resumeFrom);
    const control = (socket: TestSocket) => socket.events.filter((e) => e.type !== 'presence');
    expect(control(pruned)).toEqual([{ type: 'resync', lastSeq: resumeFrom + 1 }]);
    const unknown = await connect(ben, 999);
    expect(control(unknown)).toEqual([{ type: 'resync', lastSeq: resumeFrom + 1 }]);
    await send(anna, 'three');
    const live = await unknown.next('message.created');
    expect(live).toMatchObject({ seq: resumeFrom + 2 });
  });

  it('answers an invalid frame with an error event naming the field, and changes nothing', async () => {
    const annaSocket = await connect(anna);
    annaSocket.send({ type: 'send', conversationId: conversation.id, clientId: 'x', body: 'hi' });
    const error = await annaSocket.next('error');
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('clientId') });
    annaSocket.send('not json');
    expect(await annaSocket.nextNew('error')).toMatchObject({ code: 'VALIDATION_FAILED', message: 'frame: not valid JSON' });
    annaSocket.send({ type: 'send', conversationId: 999999, clientId: 'unknown-conv-1', body: 'hi' });
    expect(await annaSocket.nextNew('error')).toMatchObject({ code: 'NOT_FOUND', clientId: 'unknown-conv-1' });
    const page = await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}/messages`, headers: anna.auth });
    expect(page.json().messages).toEqual([]);
  });

  it('closes the socket on a frame over the size limit', async () => {
    const annaSocket = await connect(anna);
    annaSocket.send({ type: 'send', conversationId: conversation.id, clientId: 'huge-frame-1', body: 'x'.repeat(8000) });
    expect(await annaSocket.closed()).toBe(1009);
  });

  it('refuses a socket without a valid session', async () => {
    await expect(TestSocket.connect(h.url, 'not-a-token')).rejects.toThrow('401');
  });

  it('shows presence: online with the chosen status, offline when the last socket closes', async () => {
    const group = await h.app.inject({
      method: 'POST',
      url: '/api/admin/groups',
      headers: (await h.user('Root', 'admin')).auth,
      payload: {
        name: 'Sales',
        members: [
          { userId: anna.id, isManager: false },
          { userId: ben.id, isManager: false },
        ],
      },
    });
    expect(group.statusCode).toBe(201);
    const annaSocket = await connect(anna);
    const presenceOfBen = (presence: string) => (e: { type: string; userId?: number; presence?: string }) =>
      e.type === 'presence' && e.userId === ben.id && e.presence === presence;
    const benSocket = await connect(ben);
    await annaSocket.next(presenceOfBen('available'));
    benSocket.send({ type: 'presence', status: 'dnd' });
    await annaSocket.next(presenceOfBen('dnd'));
    const team = await h.app.inject({ method: 'GET', url: '/api/team', headers: anna.auth });
    expect(team.json().members).toEqual([expect.objectContaining({ id: ben.id, presence: 'dnd' })]);
    await benSocket.close();
    await annaSocket.next(presenceOfBen('offline'));
  });
});
