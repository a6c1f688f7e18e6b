import type { Conversation, ConversationInfo } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentOnline, act, createQueue, createWidget, recents, reply, TestVisitor } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('customer chats through a queue on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let queue: { id: number };
  let widget: { key: string };
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    h = await startHarness(dialect);
    await h.listen();
    admin = await h.user('Root', 'admin');
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
    queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id, clara.id] });
    widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    sockets.push(await agentOnline(h, anna, [queue.id]), await agentOnline(h, ben, [queue.id]));
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  async function incoming(text = 'Hello, I need help'): Promise<{ visitor: TestVisitor; conversation: Conversation }> {
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write(text);
    const conversation = (await recents(h, anna)).find((c) => c.customer?.id === visitor.id);
    if (!conversation) throw new Error('the chat was not offered to Anna');
    return { visitor, conversation };
  }

  it('offers a new chat to every logged-in, connected agent of the queue, and to nobody else', async () => {
    const [annaSocket] = sockets;
    const { conversation } = await incoming();
    expect(conversation).toMatchObject({ kind: 'external', channel: 'livechat', state: 'queued', myRole: 'offered', title: 'Jane Visitor', unread: 1 });
    expect(conversation.lastMessage).toMatchObject({ author: 'customer', senderName: 'Jane Visitor', body: 'Hello, I need help' });
    expect((await recents(h, ben)).map((c) => c.id)).toEqual([conversation.id]);
    expect(await recents(h, clara)).toEqual([]);
    await annaSocket!.next((e) => e.type === 'conversation.created' && e.conversation.id === conversation.id);
    const offeredRead = await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}/messages`, headers: ben.auth });
    expect(offeredRead.statusCode).toBe(200);
    expect((await reply(h, clara, conversation.id, 'not mine')).statusCode).toBe(403);
  });

  it('tells a refused Take who has the chat only to the queue and admins', async () => {
    const { conversation } = await incoming();
    expect((await act(h, anna, conversation.id, 'take')).statusCode).toBe(200);
    const dora = await h.user('Dora'); // in no queue
    const answers = await Promise.all([ben, admin, dora].map((user) => act(h, user, conversation.id, 'take')));
    for (const answer of answers.slice(0, 2)) {
      expect(answer.statusCode).toBe(409);
      expect(answer.json().error).toMatchObject({ code: 'ALREADY_TAKEN', params: { name: anna.name } });
    }
    expect(answers[2]!.statusCode).toBe(403);
    expect(answers[2]!.json().error).toEqual({ code: 'FORBIDDEN', message: 'This chat is not offered to you' });
    expect((await act(h, dora, 999_999, 'take')).statusCode).toBe(404);
  });

  it('lets exactly one of many agents pressing Take at once become owner; the others lose the chat', async () => {
    const many = await Promise.all(Array.from({ length: 18 }, (_, i) => h.user(`Agent ${i}`)));
    await h.app.inject({
      method: 'PUT',
      url: `/api/admin/queues/${queue.id}`,
      headers: admin.auth,
      payload: { number: '899', name: 'Support', strategy: 'ring_all', agentIds: [anna.id, ben.id, ...many.map((a) => a.id)] },
    });
    for (const agent of many) sockets.push(await agentOnline(h, agent, [queue.id]));
    const { conversation } = await incoming();
    const everyone = [anna, ben, ...many];
    expect((await Promise.all(everyone.map((a) => recents(h, a)))).every((list) => list.some((c) => c.id === conversation.id))).toBe(true);

    // The takes' checks end in the same turn (read in one query): only one of them goes on to the database.
    const toDatabase = vi.spyOn(h.services.customerChats as unknown as { takeNow: () => Promise<void> }, 'takeNow');
    const results = await Promise.all(everyone.map((agent) => act(h, agent, conversation.id, 'take')));
    expect(toDatabase).toHaveBeenCalledTimes(1);
    const winners = results.flatMap((r, i) => (r.statusCode === 200 ? [everyone[i]!] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    for (const [i, r] of results.entries()) {
      if (everyone[i] === winner) continue;
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toEqual({ code: 'ALREADY_TAKEN', message: `Already taken by ${winner.name}`, params: { name: winner.name } });
    }
    const loser = everyone.find((a) => a !== winner)!;
    expect((await recents(h, loser)).some((c) => c.id === conversation.id)).toBe(false);
    expect((await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}/messages`, headers: loser.auth })).statusCode).toBe(403);
    const mine = (await recents(h, winner)).find((c) => c.id === conversation.id)!;
    expect(mine).toMatchObject({ state: 'owned', myRole: 'owner', owner: { id: winner.id } });
    expect(mine.members.map((m) => m.id)).toEqual([winner.id]);
  });

  it('does not list the other offered agents in an offered chat: each offer stays small however big the queue', async () => {
    const { conversation } = await incoming();
    expect(conversation.members).toEqual([]);
    const benView = (await recents(h, ben)).find((c) => c.id === conversation.id)!;
    expect(benView).toMatchObject({ myRole: 'offered', members: [] });
  });

  it('removes a taken chat from the other agents live and tells the visitor who joined', async () => {
    const [, benSocket] = sockets;
    const { visitor, conversation } = await incoming();
    const visitorSocket = await visitor.socket();
    expect((await act(h, anna, conversation.id, 'take')).statusCode).toBe(200);
    const removed = await benSocket!.next((e) => e.type === 'conversation.removed');
    expect(removed).toMatchObject({ conversationId: conversation.id, reason: 'taken', byName: 'Anna' });
    const late = await act(h, ben, conversation.id, 'take');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('Already taken by Anna');
    expect((await act(h, await h.user('Stranger'), conversation.id, 'take')).statusCode).toBe(403);
    const joined = await visitorSocket.next((e) => e.type === 'message.created' && e.message.system?.kind === 'taken');
    expect(joined.type === 'message.created' && joined.message.system).toEqual({ kind: 'taken', agentName: 'Anna' });
    // The widget's header changes live to the agent who took the chat.
    expect(await visitorSocket.next((e) => e.type === 'chat.state' && e.state === 'owned')).toMatchObject({ agentName: 'Anna' });

    expect((await reply(h, anna, conversation.id, 'Hi Jane, Anna here')).statusCode).toBe(200);
    await visitorSocket.next((e) => e.type === 'message.created' && e.message.body === 'Hi Jane, Anna here');
    const chat = await visitor.chat();
    expect(chat).toMatchObject({ state: 'owned', agentName: 'Anna' });
    expect(chat.messages.map((m) => m.author)).toEqual(['customer', 'system', 'user']);
    await visitorSocket.close();
  });

  it('takes a chat over the socket, answering the frame as the HTTP take would', async () => {
    const [annaSocket, benSocket] = sockets;
    const { conversation } = await incoming();
    annaSocket!.send({ type: 'take', conversationId: conversation.id, clientId: 'take-0001' });
    expect(await annaSocket!.next((e) => e.type === 'taken' || e.type === 'error')).toEqual({
      type: 'taken',
      clientId: 'take-0001',
      conversationId: conversation.id,
    });
    expect((await recents(h, anna)).find((c) => c.id === conversation.id)).toMatchObject({ myRole: 'owner', state: 'owned' });

    benSocket!.send({ type: 'take', conversationId: conversation.id, clientId: 'take-0002' });
    expect(await benSocket!.next((e) => e.type === 'error' && e.clientId === 'take-0002')).toMatchObject({
      code: 'ALREADY_TAKEN',
      message: 'Already taken by Anna',
    });
    const stranger = await h.user('Stranger');
    const strangerSocket = await TestSocket.connect(h.url, stranger.token);
    strangerSocket.send({ type: 'take', conversationId: conversation.id, clientId: 'take-0003' });
    expect(await strangerSocket.next((e) => e.type === 'error' && e.clientId === 'take-0003')).toMatchObject({ code: 'FORBIDDEN' });
    strangerSocket.send({ type: 'take', conversationId: 999_999, clientId: 'take-0004' });
    expect(await strangerSocket.next((e) => e.type === 'error' && e.clientId === 'take-0004')).toMatchObject({
      code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/),
    });
    await strangerSocket.close();
    const owner = await h.storage.db.selectFrom('conversations').select('owner_id').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(owner.owner_id).toBe(anna.id);
  });

  it('sends the next message of a taken chat to its agent until Dealt with, then through the queue again', async () => {
    const { visitor, conversation } = await incoming();
    const visitorSocket = await visitor.socket(0);
    expect(visitorSocket.events.filter((e) => e.type === 'chat.state')).toEqual([expect.objectContaining({ state: 'queued', agentName: null })]);
    await act(h, anna, conversation.id, 'take');
    await act(h, anna, conversation.id, 'end');
    await visitorSocket.next((e) => e.type === 'chat.state' && e.state === 'closed');
    await visitorSocket.close();
    expect((await visitor.chat()).state).toBe('closed');
    expect((await recents(h, anna)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'closed', archived: false });

    await visitor.write('One more question');
    expect((await recents(h, anna)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'owned', myRole: 'owner' });
    expect((await recents(h, ben)).some((c) => c.id === conversation.id)).toBe(false);

    expect((await act(h, anna, conversation.id, 'dealt-with')).statusCode).toBe(200);
    expect((await recents(h, anna)).some((c) => c.id === conversation.id)).toBe(false);
    expect((await recents(h, anna, true)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'closed', myRole: 'former', archived: true });

    await visitor.write('Back again');
    expect((await recents(h, ben)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'queued', myRole: 'offered' });
    expect((await recents(h, anna)).find((c) => c.id === conversation.id)).toMatchObject({ myRole: 'offered', archived: false });

    const info = (await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}/info`, headers: ben.auth })).json() as ConversationInfo;
    expect(info.sessions.map((s) => s.closeReason)).toEqual(['ended', 'dealt_with', null]);
    expect(info.messages.filter((m) => m.author === 'customer').map((m) => m.body)).toEqual(['Hello, I need help', 'One more question', 'Back again']);
    expect(info.customer).toMatchObject({ name: 'Jane Visitor', ip: '203.0.113.7', blocked: false });
  });

  it('transfers to a colleague, who becomes owner, and the transferring agent loses it', async () => {
    const { visitor, conversation } = await incoming();
    await act(h, anna, conversation.id, 'take');
    expect((await act(h, anna, conversation.id, 'transfer', { to: { type: 'user', userId: clara.id } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}`, headers: anna.auth })).statusCode).toBe(403);
    expect((await recents(h, clara)).find((c) => c.id === conversation.id)).toMatchObject({ myRole: 'owner', owner: { id: clara.id } });
    const transcript = (await visitor.chat()).messages.filter((m) => m.author === 'system').map((m) => m.system);
    expect(transcript).toContainEqual({ kind: 'transferred', fromName: 'Anna', toName: 'Clara' });
    expect((await visitor.chat()).agentName).toBe('Clara');
    const info = (await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}/info`, headers: clara.auth })).json() as ConversationInfo;
    expect(info.sessions.map((s) => s.takenBy)).toEqual([{ id: clara.id, name: 'Clara' }]);
  });

  it('transfers to a queue, where it is offered again', async () => {
    const second = await createQueue(h, admin, { agentIds: [clara.id] });
    sockets.push(await agentOnline(h, clara, [second.id]));
    const { conversation } = await incoming();
    expect((await act(h, ben, conversation.id, 'transfer', { to: { type: 'queue', queueId: second.id } })).statusCode).toBe(200);
    expect((await recents(h, clara)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'queued', myRole: 'offered', queue: { id: second.id } });
    expect((await recents(h, anna)).some((c) => c.id === conversation.id)).toBe(false);
  });

  it('archives, unarchives and deletes for good, the owner or an admin only', async () => {
    const { visitor, conversation } = await incoming();
    await act(h, anna, conversation.id, 'take');
    expect((await act(h, anna, conversation.id, 'archive')).statusCode).toBe(200);
    expect((await recents(h, anna)).some((c) => c.id === conversation.id)).toBe(false);
    expect((await recents(h, anna, true)).map((c) => c.id)).toEqual([conversation.id]);
    await act(h, anna, conversation.id, 'unarchive');
    expect((await recents(h, anna)).map((c) => c.id)).toEqual([conversation.id]);

    const del = (user: TestUser) => h.app.inject({ method: 'DELETE', url: `/api/conversations/${conversation.id}`, headers: user.auth });
    expect((await del(ben)).statusCode).toBe(403);
    expect((await del(anna)).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}`, headers: admin.auth })).statusCode).toBe(404);
    const left = await h.storage.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation.id).execute();
    expect(left).toEqual([]);
    expect((await visitor.chat()).messages).toEqual([]);
  });

  it('blocks the visitor IP: no more messages, no new visitors from it, until an admin lifts it', async () => {
    const { visitor, conversation } = await incoming();
    const visitorSocket = await visitor.socket();
    await act(h, ben, conversation.id, 'take');
    expect((await act(h, ben, conversation.id, 'block')).statusCode).toBe(200);
    expect(await visitorSocket.closed()).toBe(4003);
    expect((await recents(h, ben)).find((c) => c.id === conversation.id)?.customer).toMatchObject({ blocked: true });
    const unheard = await reply(h, ben, conversation.id, 'are you still there?');
    expect(unheard.statusCode).toBe(409);
    expect(unheard.json().error.code).toBe('CUSTOMER_BLOCKED');
    const refused = await visitor.send('let me in');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('BLOCKED');
    await expect(TestVisitor.start(h, widget.key, 'New Identity', visitor.ip)).rejects.toThrow('403');
    await expect(TestVisitor.start(h, widget.key, 'Someone else', '198.51.100.1')).resolves.toBeDefined();

    expect((await h.app.inject({ method: 'GET', url: '/api/admin/blocks', headers: ben.auth })).statusCode).toBe(403);
    const blocks = (await h.app.inject({ method: 'GET', url: '/api/admin/blocks', headers: admin.auth })).json().blocks;
    expect(blocks).toEqual([expect.objectContaining({ ip: visitor.ip, customerName: 'Jane Visitor', createdBy: { id: ben.id, name: 'Ben' } })]);
    await h.app.inject({ method: 'DELETE', url: `/api/admin/blocks/${blocks[0].id}`, headers: admin.auth });
    expect((await visitor.send('thanks for unblocking')).statusCode).toBe(200);
    expect((await reply(h, ben, conversation.id, 'welcome back')).statusCode).toBe(200);
    const seen = (await visitor.chat()).messages.map((m) => m.body);
    expect(seen).toContain('welcome back');
    expect(seen).not.toContain('are you still there?');
  });

  it('keeps a chat waiting visibly in its queue when nobody is available, with one offline reply', async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    for (const agent of [anna, ben]) {
      await h.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: agent.auth, payload: { loggedIn: false } });
    }
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Anyone there?');
    await visitor.write('Hello?');
    const chat = await visitor.chat();
    expect(chat.messages.filter((m) => m.system?.kind === 'offline_reply')).toHaveLength(1);
    const waiting = (await h.app.inject({ method: 'GET', url: `/api/queues/${queue.id}/waiting`, headers: clara.auth })).json().conversations;
    expect(waiting).toEqual([expect.objectContaining({ state: 'queued', myRole: 'supervisor', customer: expect.objectContaining({ id: visitor.id }) })]);
    expect((await h.app.inject({ method: 'GET', url: `/api/queues/${queue.id}/waiting`, headers: (await h.user('Outsider')).auth })).statusCode).toBe(403);
    expect((await act(h, admin, waiting[0].id, 'take')).statusCode).toBe(200);
    expect((await recents(h, admin)).find((c) => c.id === waiting[0].id)).toMatchObject({ myRole: 'owner' });
  });

  it('offers a chat that arrived while an agent was offline once the agent reconnects', async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Waiting for you');
    expect(await recents(h, anna)).toEqual([]);
    const annaSocket = await agentOnline(h, anna, [queue.id]);
    sockets.push(annaSocket);
    const offered = await annaSocket.next((e) => e.type === 'conversation.created');
    expect(offered.type === 'conversation.created' && offered.conversation).toMatchObject({ myRole: 'offered', customer: { id: visitor.id } });
  });

  it('refuses Take to an agent the chat is not offered to, and bad input', async () => {
    const { conversation } = await incoming();
    expect((await act(h, clara, conversation.id, 'take')).statusCode).toBe(403);
    const bad = await act(h, anna, conversation.id, 'transfer', { to: { type: 'user' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('body.to');
    expect((await act(h, anna, conversation.id, 'transfer', { to: { type: 'user', userId: 99999 } })).statusCode).toBe(404);
    expect((await recents(h, anna)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'queued', myRole: 'offered' });
  });

  it("lets the queue's manager transfer and close a chat someone else owns; agents outside it may not", async () => {
    const max = await h.user('Max', 'manager');
    await h.app.inject({
      method: 'PUT',
      url: `/api/admin/queues/${queue.id}`,
      headers: admin.auth,
      payload: { number: '898', name: 'Support', strategy: 'ring_all', agentIds: [anna.id, ben.id, clara.id], managerIds: [max.id] },
    });
    const { conversation } = await incoming();
    await act(h, anna, conversation.id, 'take');
    expect((await act(h, clara, conversation.id, 'transfer', { to: { type: 'user', userId: clara.id } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}`, headers: max.auth })).json()).toMatchObject({
      myRole: 'supervisor',
      owner: { id: anna.id },
    });
    expect((await act(h, max, conversation.id, 'transfer', { to: { type: 'user', userId: ben.id } })).statusCode).toBe(200);
    expect((await act(h, max, conversation.id, 'dealt-with')).statusCode).toBe(200);
    expect((await recents(h, ben, true)).find((c) => c.id === conversation.id)).toMatchObject({ state: 'closed', myRole: 'former' });
  });

  it('leaves no chat stuck: every open one is offered, waiting in a queue, or owned', async () => {
    const chats = await Promise.all([1, 2, 3, 4].map((i) => TestVisitor.start(h, widget.key, `Visitor ${i}`, `203.0.113.${20 + i}`)));
    for (const visitor of chats) await visitor.write('hello');
    const ids = (await recents(h, anna)).map((c) => c.id);
    await act(h, anna, ids[0]!, 'take');
    await act(h, ben, ids[1]!, 'transfer', { to: { type: 'user', userId: clara.id } });
    await act(h, ben, ids[2]!, 'take');
    await act(h, ben, ids[2]!, 'transfer', { to: { type: 'queue', queueId: queue.id } });
    await act(h, anna, ids[3]!, 'end');
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.services.router.routeDue();

    const rows = await h.storage.db.selectFrom('conversations').selectAll().where('kind', '=', 'external').execute();
    const members = await h.storage.db.selectFrom('conversation_members').selectAll().execute();
    for (const row of rows) {
      const seeing = members.filter((m) => m.conversation_id === row.id);
      if (row.state === 'owned') expect(seeing).toContainEqual(expect.objectContaining({ user_id: row.owner_id, role: 'owner' }));
      if (row.state === 'queued') expect(row.queue_id).not.toBeNull();
      if (row.state === 'queued') expect(row.offered_to !== null || row.next_route_at !== null).toBe(true);
    }
    expect(rows.map((r) => r.state).sort()).toEqual(['closed', 'owned', 'owned', 'queued']);
  });

  it("resumes the visitor's event stream from the last seq it saw", async () => {
    const { visitor, conversation } = await incoming();
    const first = await visitor.socket(0);
    const seen = first.lastSeq();
    await first.close();
    await act(h, anna, conversation.id, 'take');
    await reply(h, anna, conversation.id, 'sorry for the wait');
    const second = await visitor.socket(seen);
    const replayed = second.durable();
    expect(replayed[0]!.seq).toBe(seen + 1);
    expect(replayed.map((e) => e.type === 'message.created' && e.message.body)).toContain('sorry for the wait');
    expect(new Set(replayed.map((e) => e.seq)).size).toBe(replayed.length);
    await second.close();
  });

  it("knows the visitor's language from the widget, for replies and templates in it", async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/widget/${widget.key}/visits`,
      payload: { name: 'Lena', language: 'de' },
      remoteAddress: '203.0.113.30',
    });
    const visitor = new TestVisitor(h, response.json().token, response.json().visitorId, '203.0.113.30');
    await visitor.write('Hallo!');
    expect((await recents(h, anna)).find((c) => c.customer?.id === visitor.id)?.customer?.language).toBe('de');
    const bad = await h.app.inject({ method: 'POST', url: `/api/widget/${widget.key}/visits`, payload: { language: 'German!' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('body.language');
  });

  it('adds the visitor as a personal contact', async () => {
    const visitor = await TestVisitor.start(h, widget.key, 'Max Muster', '203.0.113.9', 'max@muster.example');
    await visitor.write('Please call me back');
    const conversation = (await recents(h, anna))[0]!;
    const response = await act(h, anna, conversation.id, 'contact');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Max Muster', emails: ['max@muster.example'] });
  });
});
