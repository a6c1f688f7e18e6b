import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget, TestVisitor } from '../testing/customer-chat.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';

const twoNodes = await twoNodesReady();

/** A customer's messages can reach two nodes at the same moment (a load balancer, a provider's retries). */
describe.runIf(twoNodes)('intake across nodes', () => {
  let nodes: TwoNodes;

  beforeEach(async () => {
    nodes = await startTwoNodes();
  });
  afterEach(() => nodes.close());

  it('opens one chat for a new customer whose first messages reach both nodes at once, with both messages in it', async () => {
    const { nodeA, nodeB } = nodes;
    const admin = await nodeA.user('Ada Admin', 'admin');
    const agent = await nodeA.user('Anna');
    const queue = await createQueue(nodeA, admin, { agentIds: [agent.id], strategy: 'ring_all' });
    const widget = await createWidget(nodeA, admin, { type: 'queue', queueId: queue.id });
    const throughB = { ...nodeA, app: nodeB.app } as typeof nodeA;
    for (let round = 0; round < 3; round++) {
      const visitor = await TestVisitor.start(nodeA, widget.key, `Visitor ${round}`, `203.0.113.${round + 10}`);
      const answers = await Promise.all([
        visitor.send(`hello from A ${round}`),
        new TestVisitor(throughB, visitor.token, visitor.id, visitor.ip).send(`hello from B ${round}`),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
      const chats = await nodeA.storage.db.selectFrom('conversations').select('id').where('customer_id', '=', visitor.id).execute();
      expect(chats).toHaveLength(1);
      const messages = await nodeA.storage.db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', chats[0]!.id)
        .where('author', '=', 'customer')
        .execute();
      expect(messages.map((m) => m.body).sort()).toEqual([`hello from A ${round}`, `hello from B ${round}`]);
    }
  });
});
