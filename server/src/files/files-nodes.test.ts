import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientId } from '../testing/customer-chat.js';
import type { TestUser } from '../testing/harness.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';

const twoNodes = await twoNodesReady();

/** Each node has a DATA_DIR of its own; a file sent through one is fetched through another (files/database-store.ts). */
describe.runIf(twoNodes)('files across nodes', () => {
  let nodes: TwoNodes;
  let anna: TestUser;
  let ben: TestUser;

  beforeEach(async () => {
    nodes = await startTwoNodes();
    [anna, ben] = [await nodes.nodeA.user('Anna'), await nodes.nodeA.user('Ben')];
  });
  afterEach(() => nodes.close());

  it('serves a file sent through one node, whole, through the other', async () => {
    const { nodeA, urlB } = nodes;
    const chat = (
      await nodeA.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })
    ).json() as {
      id: number;
    };
    const report = Buffer.from(randomBytes(1_500_000).toString('base64'));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(report)]), 'report.txt');
    const uploaded = await fetch(`${nodeA.url}/api/conversations/${chat.id}/files`, { method: 'POST', headers: anna.auth, body: form });
    expect(uploaded.status).toBe(200);
    const [file] = ((await uploaded.json()) as { files: { id: number }[] }).files;
    const sent = await nodeA.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat.id}/messages`,
      headers: anna.auth,
      payload: { clientId: clientId(), body: '', fileIds: [file!.id] },
    });
    expect(sent.statusCode).toBe(200);

    const fetched = await fetch(`${urlB}/api/files/${file!.id}`, { headers: ben.auth });
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(report)).toBe(true);
  });
});
