import { createHmac } from 'node:crypto';
import type { CallView, Conversation, IceServers, Message } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, TestVisitor } from '../testing/customer-chat.js';
import { FakeClock } from '../testing/clock.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { RECONNECT_GRACE_MS, RING_MS } from './service.js';

const OFFER = { kind: 'offer', sdp: 'v=0 offer' } as const;

describe.each(dialects)('calls on %s', (dialect) => {
  let h: Harness;
  let clock: FakeClock;
  let anna: TestUser;
  let ben: TestUser;
  let direct: Conversation;
  const sockets: TestSocket[] = [];

  const connect = async (user: TestUser) => {
    const socket = await TestSocket.connect(h.url, user.token);
    sockets.push(socket);
    return socket;
  };

  let counter = 0;
  /** Places a call from this socket and answers the caller's first call.state (or the refusal). */
  const call = async (socket: TestSocket, conversationId: number, media: 'voice' | 'video' = 'video') => {
    const clientId = `call-${counter++}`;
    socket.send({ type: 'call.start', conversationId, media, clientId });
    const answer = await socket.next((e) => (e.type === 'call.state' || e.type === 'error') && 'clientId' in e && e.clientId === clientId);
    return answer.type === 'call.state' ? answer.call : answer;
  };

  const callState = (socket: TestSocket, match: (c: CallView) => boolean) =>
    socket.next((e) => e.type === 'call.state' && match(e.call)).then((e) => (e as { call: CallView }).call);

  const messages = async (user: TestUser, conversationId: number): Promise<Message[]> => {
    const response = await h.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}/messages`, headers: user.auth });
    return (response.json() as { messages: Message[] }).messages;
  };
  const callLines = async (user: TestUser, conversationId: number) =>
    (await messages(user, conversationId)).filter((m) => m.system?.kind === 'call').map((m) => m.system);

  beforeEach(async () => {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock });
    await h.listen();
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    const response = await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    direct = response.json();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  describe('between colleagues', () => {
    it('rings every device of the callee; the first to accept wins and the other stops ringing', async () => {
      const annaSocket = await connect(anna);
      const [phone, laptop] = [await connect(ben), await connect(ben)];
      const placed = await call(annaSocket, direct.id);
      expect(placed).toMatchObject({ state: 'ringing', direction: 'outgoing', peerName: 'Ben', media: 'video' });
      const id = (placed as CallView).id;
      for (const device of [phone, laptop]) {
        expect(await callState(device, (c) => c.id === id)).toMatchObject({ state: 'ringing', direction: 'incoming', peerName: 'Anna' });
      }

      laptop.send({ type: 'call.accept', callId: id, video: true });
      expect(await callState(laptop, (c) => c.id === id && c.state === 'connected')).toMatchObject({ direction: 'incoming' });
      expect(await callState(annaSocket, (c) => c.id === id && c.state === 'connected')).toMatchObject({ direction: 'outgoing' });
      expect(await phone.next('call.answered_elsewhere')).toEqual({ type: 'call.answered_elsewhere', callId: id });

      phone.send({ type: 'call.accept', callId: id, video: true });
      expect(await phone.next('error')).toMatchObject({ code: 'CALL_NOT_ACTIVE' });
      expect(phone.events.some((e) => e.type === 'call.state' && e.call.state === 'connected')).toBe(false);
    });

    it('relays signalling only between the two connected devices, and hang-up ends it on both with a transcript line', async () => {
      const annaSocket = await connect(anna);
      const [phone, laptop] = [await connect(ben), await connect(ben)];
      const { id } = (await call(annaSocket, direct.id, 'voice')) as CallView;
      await callState(laptop, (c) => c.id === id);
      clock.advance(1000);
      laptop.send({ type: 'call.accept', callId: id, video: false });
      await callState(annaSocket, (c) => c.state === 'connected');

      annaSocket.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await laptop.next('call.signal')).toEqual({ type: 'call.signal', callId: id, signal: OFFER });
      const answer = { kind: 'answer', sdp: 'v=0 answer' };
      laptop.send({ type: 'call.signal', callId: id, signal: answer });
      expect(await annaSocket.next('call.signal')).toMatchObject({ signal: answer });
      // Ben's other device is no party: it neither receives the call's signals nor may send any.
      phone.send({ type: 'call.signal', callId: id, signal: answer });
      expect(await phone.next('error')).toMatchObject({ code: 'CALL_NOT_ACTIVE' });
      expect(phone.events.some((e) => e.type === 'call.signal')).toBe(false);

      clock.advance(83_000);
      laptop.send({ type: 'call.hangup', callId: id });
      expect(await callState(annaSocket, (c) => c.state === 'ended')).toMatchObject({ endReason: 'answered' });
      expect(await callState(laptop, (c) => c.state === 'ended')).toMatchObject({ endReason: 'answered' });
      expect(await callLines(anna, direct.id)).toEqual([
        { kind: 'call', callerId: anna.id, callerName: 'Anna', calleeName: 'Ben', media: 'voice', outcome: 'answered', durationMs: 83_000 },
      ]);
    });

    it('refuses a colleague who is not in the chat, for the call and for its signalling', async () => {
      const carl = await h.user('Carl');
      const [annaSocket, benSocket, carlSocket] = [await connect(anna), await connect(ben), await connect(carl)];
      expect(await call(carlSocket, direct.id)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
      const { id } = (await call(annaSocket, direct.id)) as CallView;
      const refusals: string[] = [];
      for (const frame of [
        { type: 'call.accept', callId: id, video: true },
        { type: 'call.signal', callId: id, signal: OFFER },
        { type: 'call.hangup', callId: id },
      ]) {
        carlSocket.send(frame);
        refusals.push((await carlSocket.nextNew('error')).code);
      }
      expect(refusals).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
      expect(await callState(benSocket, (c) => c.id === id)).toMatchObject({ state: 'ringing' });
    });

    it('does not relay an offer before the call is answered', async () => {
      const [annaSocket, benSocket] = [await connect(anna), await connect(ben)];
      const { id } = (await call(annaSocket, direct.id)) as CallView;
      annaSocket.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await annaSocket.next('error')).toMatchObject({ code: 'CALL_NOT_ACTIVE' });
      expect(benSocket.events.some((e) => e.type === 'call.signal')).toBe(false);
    });

    it('refuses group chats: calls are one-to-one', async () => {
      const carl = await h.user('Carl');
      const group = await h.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: anna.auth,
        payload: { kind: 'group', title: 'Team', userIds: [ben.id, carl.id] },
      });
      expect(group.statusCode).toBe(200);
      const annaSocket = await connect(anna);
      expect(await call(annaSocket, (group.json() as Conversation).id)).toMatchObject({ type: 'error', code: 'CALLS_NOT_ALLOWED' });
    });

    it('ends an unanswered call as missed after the ring time, on the caller and on every device of the callee', async () => {
      const annaSocket = await connect(anna);
      const benSocket = await connect(ben);
      const { id } = (await call(annaSocket, direct.id)) as CallView;
      clock.advance(RING_MS - 1);
      await h.services.calls.expireDue();
      expect(annaSocket.events.some((e) => e.type === 'call.state' && e.call.state === 'ended')).toBe(false);
      clock.advance(1);
      await h.services.calls.expireDue();
      expect(await callState(annaSocket, (c) => c.id === id && c.state === 'ended')).toMatchObject({ endReason: 'missed' });
      expect(await callState(benSocket, (c) => c.id === id && c.state === 'ended')).toMatchObject({ endReason: 'missed' });
      expect(await callLines(ben, direct.id)).toEqual([
        { kind: 'call', callerId: anna.id, callerName: 'Anna', calleeName: 'Ben', media: 'video', outcome: 'missed', durationMs: null },
      ]);
    });

    it('answers busy when the callee is in another call, and offline when no device of theirs is connected', async () => {
      const carl = await h.user('Carl');
      const withCarl = (
        await h.app.inject({ method: 'POST', url: '/api/conversations', headers: carl.auth, payload: { kind: 'direct', userId: ben.id } })
      ).json() as Conversation;
      const [annaSocket, carlSocket] = [await connect(anna), await connect(carl)];
      expect(await call(annaSocket, direct.id)).toMatchObject({ state: 'ended', endReason: 'offline' });
      const benSocket = await connect(ben);
      const { id } = (await call(carlSocket, withCarl.id)) as CallView;
      await callState(benSocket, (c) => c.id === id);
      expect(await call(annaSocket, direct.id)).toMatchObject({ state: 'ended', endReason: 'busy' });
      expect((await callLines(anna, direct.id)).map((n) => n?.kind === 'call' && n.outcome)).toEqual(['offline', 'busy']);
      // The caller in a call of their own cannot place another.
      expect(await call(carlSocket, withCarl.id)).toMatchObject({ type: 'error', code: 'CALL_IN_PROGRESS' });
    });

    /** Places calls from several sockets at the same moment: every frame is sent before any answer is read. */
    const callAtOnce = async (placements: [TestSocket, number][]) => {
      const ids = placements.map(([socket, conversationId]) => {
        const clientId = `race-${counter++}`;
        socket.send({ type: 'call.start', conversationId, media: 'voice', clientId });
        return clientId;
      });
      return Promise.all(
        placements.map(([socket], i) =>
          socket
            .next((e) => (e.type === 'call.state' || e.type === 'error') && 'clientId' in e && e.clientId === ids[i])
            .then((e) => (e.type === 'call.state' ? e.call : e)),
        ),
      );
    };
    const outcome = (answer: CallView | { type: string }) => ('state' in answer ? (answer.endReason ?? answer.state) : answer.type);

    it('of two colleagues calling one at the same moment, exactly one rings and the other hears busy, every time', async () => {
      const carl = await h.user('Carl');
      const withCarl = (
        await h.app.inject({ method: 'POST', url: '/api/conversations', headers: carl.auth, payload: { kind: 'direct', userId: ben.id } })
      ).json() as Conversation;
      const [annaSocket, carlSocket] = [await connect(anna), await connect(carl)];
      await connect(ben);
      for (let round = 0; round < 6; round++) {
        const answers = await callAtOnce([
          [annaSocket, direct.id],
          [carlSocket, withCarl.id],
        ]);
        expect(answers.map(outcome).sort()).toEqual(['busy', 'ringing']);
        const ringing = answers.find((a) => 'state' in a && a.state === 'ringing') as CallView;
        const caller = ringing.conversationId === direct.id ? annaSocket : carlSocket;
        caller.send({ type: 'call.hangup', callId: ringing.id });
        await callState(caller, (c) => c.id === ringing.id && c.state === 'ended');
      }
      const busyLines = [...(await callLines(anna, direct.id)), ...(await callLines(carl, withCarl.id))].filter(
        (n) => n?.kind === 'call' && n.outcome === 'busy',
      );
      expect(busyLines).toHaveLength(6);
    });

    it('of two colleagues calling each other at the same moment, exactly one call rings and the other is busy', async () => {
      const [annaSocket, benSocket] = [await connect(anna), await connect(ben)];
      for (let round = 0; round < 6; round++) {
        const answers = await callAtOnce([
          [annaSocket, direct.id],
          [benSocket, direct.id],
        ]);
        expect(answers.map(outcome).sort()).toEqual(['busy', 'ringing']);
        const ringing = answers.find((a) => 'state' in a && a.state === 'ringing') as CallView;
        const caller = answers[0] === ringing ? annaSocket : benSocket;
        caller.send({ type: 'call.hangup', callId: ringing.id });
        await callState(caller, (c) => c.id === ringing.id && c.state === 'ended');
      }
      // Once the ringing call ended, both are free again: a new call rings.
      expect(await call(annaSocket, direct.id)).toMatchObject({ state: 'ringing' });
    });

    it('ends the call as declined on every device when the callee declines', async () => {
      const annaSocket = await connect(anna);
      const [phone, laptop] = [await connect(ben), await connect(ben)];
      const { id } = (await call(annaSocket, direct.id, 'voice')) as CallView;
      await callState(phone, (c) => c.id === id);
      phone.send({ type: 'call.decline', callId: id });
      expect(await callState(annaSocket, (c) => c.state === 'ended')).toMatchObject({ endReason: 'declined' });
      expect(await callState(laptop, (c) => c.state === 'ended')).toMatchObject({ endReason: 'declined' });
    });

    it('rings a device of the callee that connects while the call rings', async () => {
      const annaSocket = await connect(anna);
      await connect(ben);
      const { id } = (await call(annaSocket, direct.id)) as CallView;
      const reloaded = await connect(ben);
      expect(await callState(reloaded, (c) => c.id === id)).toMatchObject({ state: 'ringing', direction: 'incoming' });
    });

    const connectAs = async (user: TestUser, device: string) => {
      const socket = await TestSocket.connectUrl(`${h.url.replace('http', 'ws')}/ws?device=${device}`, { authorization: `Bearer ${user.token}` });
      sockets.push(socket);
      return socket;
    };

    it('keeps a connected call through a short reconnect of the same device, and ends it when the device stays away past the grace', async () => {
      const [annaDevice, benDevice] = ['anna-laptop-device-0001', 'ben-phone-device-000001'];
      const annaSocket = await connectAs(anna, annaDevice);
      const benSocket = await connectAs(ben, benDevice);
      const { id } = (await call(annaSocket, direct.id, 'voice')) as CallView;
      await callState(benSocket, (c) => c.id === id);
      benSocket.send({ type: 'call.accept', callId: id, video: false });
      await callState(annaSocket, (c) => c.state === 'connected');

      // Ben's network blips: the socket closes, the same device is back 10 s later and hears the call goes on.
      await benSocket.close();
      clock.advance(RECONNECT_GRACE_MS - 5000);
      await h.services.calls.expireDue();
      const back = await connectAs(ben, benDevice);
      expect(await callState(back, (c) => c.id === id)).toMatchObject({ state: 'connected', direction: 'incoming' });
      clock.advance(10_000);
      await h.services.calls.expireDue();
      annaSocket.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await back.next('call.signal')).toMatchObject({ callId: id, signal: OFFER });
      expect(annaSocket.events.some((e) => e.type === 'call.state' && e.call.state === 'ended')).toBe(false);

      // A reconnect that overtakes the old socket's close (a dead socket noticed late) keeps the call too.
      const overtaking = await connectAs(anna, annaDevice);
      await annaSocket.close();
      clock.advance(RECONNECT_GRACE_MS * 2);
      await h.services.calls.expireDue();
      overtaking.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await back.next((e) => e.type === 'call.signal' && back.events.filter((x) => x.type === 'call.signal').length === 2)).toBeTruthy();

      // Then Ben's device goes for good.
      await back.close();
      await expect.poll(async () => (await h.storage.db.selectFrom('calls').select('callee_away_since').executeTakeFirst())?.callee_away_since).not.toBeNull();
      clock.advance(RECONNECT_GRACE_MS - 1);
      await h.services.calls.expireDue();
      expect(overtaking.events.some((e) => e.type === 'call.state' && e.call.state === 'ended')).toBe(false);
      clock.advance(1);
      await h.services.calls.expireDue();
      expect(await callState(overtaking, (c) => c.id === id && c.state === 'ended')).toMatchObject({ endReason: 'answered' });
      expect(await callLines(anna, direct.id)).toHaveLength(1);
    });

    it('cancels a ringing call when the caller reloads (a new device), and rings again on the callee after their reload', async () => {
      const annaSocket = await connectAs(anna, 'anna-tab-before-reload-1');
      const benSocket = await connect(ben);
      const { id } = (await call(annaSocket, direct.id)) as CallView;
      await callState(benSocket, (c) => c.id === id);
      await benSocket.close();
      const benReloaded = await connect(ben);
      expect(await callState(benReloaded, (c) => c.id === id)).toMatchObject({ state: 'ringing' });
      await annaSocket.close();
      expect(await callState(benReloaded, (c) => c.id === id && c.state === 'ended')).toMatchObject({ endReason: 'cancelled' });
      expect((await callLines(ben, direct.id)).map((n) => n?.kind === 'call' && n.outcome)).toEqual(['cancelled']);
    });

    it('ends a connected call when a party device goes away, and a call left open by a stopped server on the next start', async () => {
      const annaSocket = await connect(anna);
      const benSocket = await connect(ben);
      const first = (await call(annaSocket, direct.id)) as CallView;
      await callState(benSocket, (c) => c.id === first.id);
      benSocket.send({ type: 'call.accept', callId: first.id, video: true });
      await callState(annaSocket, (c) => c.state === 'connected');
      clock.advance(20_000);
      await benSocket.close();
      // Gone for good: after the reconnect grace the call ends, its duration up to when the device left.
      await expect.poll(async () => (await h.storage.db.selectFrom('calls').select('callee_away_since').executeTakeFirst())?.callee_away_since).not.toBeNull();
      clock.advance(RECONNECT_GRACE_MS);
      await h.services.calls.expireDue();
      expect(await callState(annaSocket, (c) => c.id === first.id && c.state === 'ended')).toMatchObject({ endReason: 'answered' });
      expect((await callLines(anna, direct.id))[0]).toMatchObject({ outcome: 'answered', durationMs: 20_000 });

      const again = await connect(ben);
      const second = (await call(annaSocket, direct.id)) as CallView;
      await callState(again, (c) => c.id === second.id);
      await h.restart();
      const lines = await callLines(anna, direct.id);
      expect(lines.map((n) => n?.kind === 'call' && n.outcome)).toEqual(['answered', 'failed']);
    });
  });

  describe('in a live chat', () => {
    let admin: TestUser;
    let widget: { id: number; key: string };
    let visitor: TestVisitor;
    let chatId: number;

    const allowCalls = async (allow: boolean) => {
      const response = await h.app.inject({
        method: 'PUT',
        url: `/api/admin/widgets/${widget.id}`,
        headers: admin.auth,
        payload: { name: 'Website', target: { type: 'queue', queueId }, allowCalls: allow },
      });
      expect(response.statusCode).toBe(200);
    };
    let queueId: number;

    beforeEach(async () => {
      admin = await h.user('Admin', 'admin');
      queueId = (await createQueue(h, admin, { agentIds: [anna.id, ben.id] })).id;
      widget = await createWidget(h, admin, { type: 'queue', queueId });
      await allowCalls(true);
      sockets.push(await agentOnline(h, anna, [queueId]), await agentOnline(h, ben, [queueId]));
      visitor = await TestVisitor.start(h, widget.key);
      await visitor.write('Can we talk?');
      await h.services.router.routeDue();
      chatId = (await recents(h, anna))[0]!.id;
    });

    it('lets only the owner call, after Take, and the visitor start it; signalling flows between agent and visitor', async () => {
      const visitorSocket = await visitor.socket();
      sockets.push(visitorSocket);
      const annaSocket = await connect(anna);
      expect(await call(annaSocket, chatId, 'voice')).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
      expect((await act(h, anna, chatId, 'take')).statusCode).toBe(200);
      expect((await recents(h, anna)).find((c) => c.id === chatId)?.capabilities?.calls).toBe(true);

      const { id } = (await call(annaSocket, chatId, 'voice')) as CallView;
      expect(await callState(visitorSocket, (c) => c.id === id)).toMatchObject({ state: 'ringing', peerName: 'Anna', direction: 'incoming' });
      const ice = await h.app.inject({
        method: 'GET',
        url: '/api/visitor/calls/ice-servers',
        headers: { authorization: `Visitor ${visitor.token}` },
        remoteAddress: visitor.ip,
      });
      expect(ice.statusCode).toBe(200);

      visitorSocket.send({ type: 'call.accept', callId: id, video: false });
      await callState(annaSocket, (c) => c.state === 'connected');
      annaSocket.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await visitorSocket.next('call.signal')).toMatchObject({ signal: OFFER });
      visitorSocket.send({ type: 'call.hangup', callId: id });
      await callState(annaSocket, (c) => c.state === 'ended');
      expect((await callLines(anna, chatId)).map((n) => n?.kind === 'call' && [n.callerName, n.calleeName, n.outcome])).toEqual([
        ['Anna', 'Jane Visitor', 'answered'],
      ]);
      // The visitor sees the line in their transcript too.
      expect((await visitor.chat()).messages.some((m) => m.system?.kind === 'call')).toBe(true);
    });

    it('refuses calls while the widget does not allow them, and says so in the chat capabilities', async () => {
      await allowCalls(false);
      expect((await act(h, anna, chatId, 'take')).statusCode).toBe(200);
      expect((await recents(h, anna)).find((c) => c.id === chatId)?.capabilities?.calls).toBe(false);
      const annaSocket = await connect(anna);
      expect(await call(annaSocket, chatId)).toMatchObject({ type: 'error', code: 'CALLS_NOT_ALLOWED' });
    });

    it("refuses another agent's chat, and a visitor frame for a call that is not theirs", async () => {
      expect((await act(h, anna, chatId, 'take')).statusCode).toBe(200);
      const benSocket = await connect(ben);
      expect(await call(benSocket, chatId)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });

      const other = await TestVisitor.start(h, widget.key, 'Mallory', '203.0.113.9');
      const otherSocket = await other.socket();
      sockets.push(otherSocket, await visitor.socket());
      const annaSocket = await connect(anna);
      const { id } = (await call(annaSocket, chatId)) as CallView;
      otherSocket.send({ type: 'call.accept', callId: id, video: true });
      expect(await otherSocket.next('error')).toMatchObject({ code: 'NOT_FOUND' });
      const ice = await h.app.inject({
        method: 'GET',
        url: '/api/visitor/calls/ice-servers',
        headers: { authorization: `Visitor ${other.token}` },
        remoteAddress: other.ip,
      });
      expect(ice.statusCode).toBe(403);
    });

    it('ends the call when the chat is transferred away mid-call: the next frame is refused and both ends hear it ended', async () => {
      expect((await act(h, anna, chatId, 'take')).statusCode).toBe(200);
      const visitorSocket = await visitor.socket();
      sockets.push(visitorSocket);
      const annaSocket = await connect(anna);
      const { id } = (await call(annaSocket, chatId)) as CallView;
      visitorSocket.send({ type: 'call.accept', callId: id, video: true });
      await callState(annaSocket, (c) => c.state === 'connected');
      expect((await act(h, anna, chatId, 'transfer', { to: { type: 'user', userId: ben.id } })).statusCode).toBe(200);
      annaSocket.send({ type: 'call.signal', callId: id, signal: OFFER });
      expect(await annaSocket.next('error')).toMatchObject({ code: 'FORBIDDEN' });
      expect(visitorSocket.events.some((e) => e.type === 'call.signal')).toBe(false);
      expect(await callState(visitorSocket, (c) => c.id === id && c.state === 'ended')).toMatchObject({ endReason: 'answered' });
    });
  });

  describe('ICE servers', () => {
    it('hands out coturn REST credentials that verify with the shared secret and expire after the TTL', async () => {
      await h.close();
      h = await startHarness(dialect, {
        clock,
        env: {
          STUN_URLS: 'stun:stun.example.org:3478',
          TURN_URLS: 'turn:turn.example.org:3478, turns:turn.example.org:5349',
          TURN_SECRET: 's3cret',
          TURN_TTL_SECONDS: '3600',
        },
      });
      anna = await h.user('Anna');
      const response = await h.app.inject({ method: 'GET', url: '/api/calls/ice-servers', headers: anna.auth });
      expect(response.statusCode).toBe(200);
      const { iceServers } = response.json() as IceServers;
      expect(iceServers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
      const turn = iceServers[1]!;
      expect(turn.urls).toEqual(['turn:turn.example.org:3478', 'turns:turn.example.org:5349']);
      const [expiry] = turn.username!.split(':');
      expect(Number(expiry)).toBe(Math.floor(clock.now() / 1000) + 3600);
      expect(turn.credential).toBe(createHmac('sha1', 's3cret').update(turn.username!).digest('base64'));
    });

    it('gives STUN only, and no credentials, without a TURN secret; nothing to anyone signed out', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/calls/ice-servers', headers: anna.auth });
      expect(response.json()).toEqual({ iceServers: [] });
      expect((await h.app.inject({ method: 'GET', url: '/api/calls/ice-servers' })).statusCode).toBe(401);
    });
  });
});
