import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget, TestVisitor } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('deleting a queue on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Root', 'admin');
  });
  afterEach(() => h.close());

  const remove = (id: number) => h.app.inject({ method: 'DELETE', url: `/api/admin/queues/${id}`, headers: admin.auth });

  it('is refused with QUEUE_IN_USE while a widget or another queue sends chats to it', async () => {
    const support = await createQueue(h, admin, { agentIds: [], name: 'Support' });
    const { id: widgetId } = await createWidget(h, admin, { type: 'queue', queueId: support.id });
    const sales = await createQueue(h, admin, { agentIds: [], name: 'Sales', timeoutDestination: { type: 'queue', queueId: support.id } });

    const refused = await remove(support.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'QUEUE_IN_USE', params: { widgets: 'Website', queues: 'Sales' } });
    expect(refused.json().error.message).toContain('“Website”');

    await h.app.inject({ method: 'DELETE', url: `/api/admin/widgets/${widgetId}`, headers: admin.auth });
    await h.app.inject({ method: 'PUT', url: `/api/admin/queues/${sales.id}`, headers: admin.auth, payload: { number: sales.number, name: 'Sales' } });
    expect((await remove(support.id)).statusCode).toBe(200);
  });

  it('a visitor on a widget whose queue is gone gets a clear error, not a 500', async () => {
    const queue = await createQueue(h, admin, { agentIds: [] });
    const { key } = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    const visitor = await TestVisitor.start(h, key);
    // As left behind before deleting a queue in use was refused.
    await h.storage.db.deleteFrom('queues').where('id', '=', queue.id).execute();
    const response = await visitor.send('hello?');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('WIDGET_UNAVAILABLE');
    expect(await h.storage.db.selectFrom('messages').select('id').execute()).toEqual([]);
  });

  it("a chat whose queue's destination queue is gone gets the offline reply, not a 500", async () => {
    const gone = await createQueue(h, admin, { agentIds: [], name: 'Gone' });
    const queue = await createQueue(h, admin, { agentIds: [], noAgentsDestination: { type: 'queue', queueId: gone.id } });
    const { key } = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    await h.storage.db.deleteFrom('queues').where('id', '=', gone.id).execute();
    const visitor = await TestVisitor.start(h, key);
    const response = await visitor.send('anyone there?');
    expect(response.statusCode).toBe(200);
    const chat = await visitor.chat();
    expect(chat.state).toBe('queued');
    expect(chat.messages.map((m) => m.system?.kind ?? m.body)).toEqual(['anyone there?', 'offline_reply']);
  });
});
