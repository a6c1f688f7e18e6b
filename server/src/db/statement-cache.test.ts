import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { withStatementCache } from './statement-cache.js';

/**
 * Every statement SQLite prepares and then drops is finalized by V8's next full collection, in its pause:
 * under `npm run bench -- abuse` a statement of its own per send (~500 a second) made those pauses hold
 * colleagues' messages for tens of milliseconds. Steady chatting must reuse the statements it prepared.
 */
describe('statements prepared while colleagues chat (SQLite)', () => {
  let h: Harness;
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  it('prepares nothing new once a conversation has carried its first messages', async () => {
    // Written in the server thread (below SQLITE_WRITER_FROM_RATE), where the prepares can be counted.
    h = await startHarness('sqlite', { env: { SQLITE_WRITER_FROM_RATE: '4000' } });
    const [anna, ben] = [await h.user('Anna'), await h.user('Ben')];
    const open = await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    const conversationId = (open.json() as { id: number }).id;
    const send = async (i: number) => {
      const from = i % 2 ? ben : anna;
      const answer = await h.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversationId}/messages`,
        headers: from.auth,
        payload: { clientId: `steady-${i}`, body: `message ${i}` },
      });
      expect(answer.statusCode).toBe(200);
    };
    for (let i = 0; i < 4; i++) await send(i);
    const prepare = vi.spyOn(SQLite.prototype, 'prepare');
    for (let i = 4; i < 24; i++) await send(i);
    expect(prepare.mock.calls.map(([text]) => String(text).replace(/\s+/g, ' ').slice(0, 80))).toEqual([]);
  });
});

describe('the statement cache', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps a statement in use while a thousand others come and go, and drops the least recently used', () => {
    const database = new SQLite(':memory:');
    const cache = withStatementCache(database);
    const prepare = vi.spyOn(database, 'prepare');
    const hot = 'select 0 as hot';
    cache.prepare(hot);
    for (let i = 1; i <= 1500; i++) {
      cache.prepare(`select ${i} as one_off`);
      if (i % 100 === 0) cache.prepare(hot);
    }
    expect(prepare.mock.calls.filter(([text]) => text === hot)).toHaveLength(1);
    // The oldest one-off, used once long ago, is prepared again.
    cache.prepare('select 1 as one_off');
    expect(prepare.mock.calls.filter(([text]) => text === 'select 1 as one_off')).toHaveLength(2);
    cache.close();
  });
});
