import type { StrategyName } from '@switchboard/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../testing/clock.js';
import { Router } from './router.js';
import { routingStorage } from './storage.js';
import { agentOnline, createQueue, createWidget, recents, TestVisitor } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('routing with ring time and destinations on %s', (dialect) => {
  let h: Harness;
  let clock: FakeClock;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  async function setup(strategy: StrategyName, agentCount: number, extra: Record<string, unknown> = {}) {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock, random: () => 0.5 });
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const agents: TestUser[] = [];
    for (let i = 0; i < agentCount; i++) agents.push(await h.user(`Agent ${String.fromCharCode(65 + i)}`));
    const queue = await createQueue(h, admin, { strategy, ringTimeSeconds: 20, maxWaitSeconds: 600, agentIds: agents.map((a) => a.id), ...extra });
    for (const agent of agents) sockets.push(await agentOnline(h, agent, [queue.id]));
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    return { admin, agents, queue, widget };
  }

  const offeredTo = async (agents: TestUser[]) => {
    const lists = await Promise.all(agents.map((a) => recents(h, a)));
    return agents.filter((_, i) => lists[i]!.some((c) => c.myRole === 'offered')).map((a) => a.name);
  };

  async function ringTimePasses() {
    clock.advance(20_000);
    await h.services.router.routeDue();
  }

  it('prioritized hunt offers one agent at a time in order, moving on after the ring time and starting over', async () => {
    const { agents, widget } = await setup('prioritized_hunt', 3);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    expect(await offeredTo(agents)).toEqual(['Agent A']);
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent B']);
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent C']);
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent A']);
  });

  it.each([
    ['hunt_random_start', ['Agent B', 'Agent C', 'Agent A']],
    ['longest_waiting', ['Agent A', 'Agent B', 'Agent C']],
    ['fewest_answered', ['Agent A', 'Agent B', 'Agent C']],
    ['least_talk_time', ['Agent A', 'Agent B', 'Agent C']],
    ['next_agent', ['Agent A', 'Agent B', 'Agent C']],
  ] as const)('%s moves the offer one agent at a time after each ring time', async (strategy, order) => {
    const { agents, widget } = await setup(strategy, 3);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    for (const expected of [...order, order[0]]) {
      expect(await offeredTo(agents)).toEqual([expected]);
      await ringTimePasses();
    }
  });

  it('fewest answered and least talk time prefer the agent who handled least today', async () => {
    const { agents, widget, queue, admin } = await setup('fewest_answered', 2);
    await (await TestVisitor.start(h, widget.key, 'First')).write('hi');
    const first = (await recents(h, agents[0]!))[0]!;
    await h.app.inject({ method: 'POST', url: `/api/conversations/${first.id}/take`, headers: agents[0]!.auth });
    await (await TestVisitor.start(h, widget.key, 'Second', '203.0.113.8')).write('hi');
    expect(await offeredTo(agents)).toEqual(['Agent B']);
    await h.app.inject({
      method: 'PUT',
      url: `/api/admin/queues/${queue.id}`,
      headers: admin.auth,
      payload: { number: '871', name: 'Front', strategy: 'least_talk_time', agentIds: agents.map((a) => a.id) },
    });
    clock.advance(60_000);
    await (await TestVisitor.start(h, widget.key, 'Third', '203.0.113.9')).write('hi');
    const offeredThird = await Promise.all(agents.map(async (a) => (await recents(h, a)).some((c) => c.title === 'Third' && c.myRole === 'offered')));
    expect(offeredThird).toEqual([false, true]);
  });

  it('does not move the offer before the ring time is up', async () => {
    const { agents, widget } = await setup('prioritized_hunt', 2);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    clock.advance(19_999);
    await h.services.router.routeDue();
    expect(await offeredTo(agents)).toEqual(['Agent A']);
  });

  it('ring all, offering the same agents again, waits a whole ring time before it looks at the chat again', async () => {
    const { agents, widget } = await setup('ring_all', 2);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent A', 'Agent B']);
    const due = () => routingStorage.dueIds(h.storage.db, clock.now());
    clock.advance(19_999);
    expect(await due()).toEqual([]);
    clock.advance(1);
    expect(await due()).toHaveLength(1);
  });

  it('hunt by threes offers three at a time, then the next three', async () => {
    const { agents, widget } = await setup('hunt_by_threes', 5);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    expect(await offeredTo(agents)).toEqual(['Agent A', 'Agent B', 'Agent C']);
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent D', 'Agent E']);
  });

  it('ring all keeps offering everyone; first 3 available offers the top three', async () => {
    const { agents, widget } = await setup('first_3_available', 4);
    await (await TestVisitor.start(h, widget.key)).write('hi');
    expect(await offeredTo(agents)).toEqual(['Agent A', 'Agent B', 'Agent C']);
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent A', 'Agent B', 'Agent C']);
  });

  it('next agent starts after the agent who took the last chat', async () => {
    const { agents, widget } = await setup('next_agent', 3);
    await (await TestVisitor.start(h, widget.key, 'First')).write('hi');
    const first = (await recents(h, agents[0]!))[0]!;
    await h.app.inject({ method: 'POST', url: `/api/conversations/${first.id}/take`, headers: agents[0]!.auth });
    await (await TestVisitor.start(h, widget.key, 'Second', '203.0.113.8')).write('hi');
    const offered = await Promise.all(agents.map(async (a) => (await recents(h, a)).some((c) => c.title === 'Second' && c.myRole === 'offered')));
    expect(offered).toEqual([false, true, false]);
  });

  it('skips agents who are away, and offers to them once they are available', async () => {
    const { agents, widget } = await setup('ring_all', 2);
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'away' } });
    await (await TestVisitor.start(h, widget.key)).write('hi');
    expect(await offeredTo(agents)).toEqual(['Agent B']);
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'available' } });
    expect(await offeredTo(agents)).toEqual(['Agent A', 'Agent B']);
  });

  it('offers the waiting chats to an agent who comes back in one transaction, not one each', async () => {
    const { agents, widget } = await setup('ring_all', 2);
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'away' } });
    for (const name of ['Ada', 'Bo', 'Cy', 'Di', 'Ed']) await (await TestVisitor.start(h, widget.key, name)).write('hi');
    const offers = vi.spyOn(Router.prototype as unknown as { offerAll: (trx: unknown, rows: unknown[]) => Promise<unknown> }, 'offerAll');
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'available' } });
    await vi.waitFor(async () => expect((await recents(h, agents[0]!)).filter((c) => c.myRole === 'offered')).toHaveLength(5));
    expect(offers.mock.calls.map(([, rows]) => rows.length)).toEqual([5]);
  });

  it('looks at each waiting chat once for agents who come back at the same time', async () => {
    const { agents, widget } = await setup('ring_all', 3);
    for (const agent of agents) await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agent.auth, payload: { status: 'away' } });
    for (const name of ['Ada', 'Bo', 'Cy', 'Di', 'Ed']) await (await TestVisitor.start(h, widget.key, name)).write('hi');
    type OfferAll = (trx: unknown, rows: unknown[], hops: number) => Promise<unknown>;
    const router = Router.prototype as unknown as { offerAll: OfferAll };
    const offerAll = router.offerAll;
    const looked: number[] = [];
    vi.spyOn(router, 'offerAll').mockImplementation(async function (this: unknown, trx, rows, hops) {
      looked.push(rows.length);
      // The first look is held a moment, as a busy database would: the agents who ask meanwhile share the next.
      if (looked.length === 1) await new Promise((resolve) => setTimeout(resolve, 200));
      return offerAll.call(this, trx, rows, hops);
    });
    // Back at the same moment (as at the end of a team's break): each asks for the same five chats.
    await h.storage.db.updateTable('users').set({ status: 'available' }).execute();
    await Promise.all(agents.map((agent) => h.services.router.agentAvailable(agent.id)));
    // One look at all five for the first, one more for whoever asked while it ran (the first may have read them away).
    expect([[5], [5, 5]]).toContainEqual(looked);
    for (const agent of agents) expect((await recents(h, agent)).filter((c) => c.myRole === 'offered')).toHaveLength(5);
  });

  it('looks at no waiting chat again once stopped (the server shutting down)', async () => {
    const { agents, widget } = await setup('ring_all', 2);
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'away' } });
    await (await TestVisitor.start(h, widget.key)).write('hi');
    h.services.router.stop();
    await h.app.inject({ method: 'PUT', url: '/api/me/presence', headers: agents[0]!.auth, payload: { status: 'available' } });
    await ringTimePasses();
    expect(await offeredTo(agents)).toEqual(['Agent B']);
  });

  it('sends a chat that waited too long to the timeout destination', async () => {
    const { admin, agents, widget, queue } = await setup('ring_all', 1, { maxWaitSeconds: 60 });
    const overflowAgent = await h.user('Overflow');
    const overflow = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [overflowAgent.id] });
    sockets.push(await agentOnline(h, overflowAgent, [overflow.id]));
    await h.app.inject({
      method: 'PUT',
      url: `/api/admin/queues/${queue.id}`,
      headers: admin.auth,
      payload: {
        number: '870',
        name: 'Front',
        strategy: 'ring_all',
        maxWaitSeconds: 60,
        ringTimeSeconds: 20,
        agentIds: [agents[0]!.id],
        timeoutDestination: { type: 'queue', queueId: overflow.id },
      },
    });
    await (await TestVisitor.start(h, widget.key)).write('hi');
    for (let i = 0; i < 3; i++) await ringTimePasses();
    expect(await offeredTo(agents)).toEqual([]);
    expect((await recents(h, overflowAgent))[0]).toMatchObject({ myRole: 'offered', queue: { id: overflow.id } });
  });

  it('gives a chat to the extension named for when no agent is logged in', async () => {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock });
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const agent = await h.user('Agent A');
    const receptionist = await h.user('Reception');
    const queue = await createQueue(h, admin, { agentIds: [agent.id], noAgentsDestination: { type: 'extension', userId: receptionist.id } });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('hello?');
    expect((await recents(h, receptionist))[0]).toMatchObject({ state: 'owned', myRole: 'owner', owner: { id: receptionist.id } });
    expect((await visitor.chat()).agentName).toBe('Reception');
  });

  it('routes a widget that names an extension straight to that colleague', async () => {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock });
    const admin = await h.user('Root', 'admin');
    const sales = await h.user('Sales Person');
    const widget = await createWidget(h, admin, { type: 'extension', userId: sales.id });
    await (await TestVisitor.start(h, widget.key)).write('price?');
    expect((await recents(h, sales))[0]).toMatchObject({ state: 'owned', myRole: 'owner', queue: null });
  });
});
