import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import type { Envelope } from './bus.js';
import { appendEvent } from './storage.js';

describe.each(dialects)('event delivery order on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
    await h.listen();
  });
  afterEach(() => h.close());

  it('delivers in seq order with no gap even when publishes arrive out of order', async () => {
    const ben = await h.user('Ben');
    const socket = await TestSocket.connect(h.url, ben.token);
    const base = (await socket.next('ready')).lastSeq;
    const batches: Envelope[][] = [];
    for (const lastReadMessageId of [1, 2, 3]) {
      const event = { type: 'conversation.read', conversationId: 1, userId: ben.id, lastReadMessageId } as const;
      batches.push(await h.storage.db.transaction().execute((trx) => appendEvent(trx, [ben.id], event, Date.now())));
    }
    h.services.hub.publish(batches[2]!);
    h.services.hub.publish(batches[0]!);
    h.services.hub.publish(batches[1]!);
    await socket.next((e) => 'seq' in e && e.seq === base + 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.durable().map((e) => e.seq)).toEqual([base + 1, base + 2, base + 3]);
    await socket.close();
  });
});
