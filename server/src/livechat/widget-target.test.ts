import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';

describe.each(dialects)("a widget's target on %s", (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('must be a queue that is there or a colleague who is not disabled: otherwise 400 naming it, and no widget', async () => {
    h = await startHarness(dialect);
    const admin = await h.user('Root', 'admin');
    const gone = await h.user('Gone', 'agent');
    await h.storage.db.updateTable('users').set({ disabled: 1 }).where('id', '=', gone.id).execute();
    const create = (target: unknown) => h.app.inject({ method: 'POST', url: '/api/admin/widgets', headers: admin.auth, payload: { name: 'Website', target } });

    for (const [target, named] of [
      [{ type: 'queue', queueId: 999_999 }, 'no such queue'],
      [{ type: 'extension', userId: gone.id }, 'no such extension'],
      [{ type: 'extension', userId: 999_999 }, 'no such extension'],
    ] as const) {
      const refused = await create(target);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(refused.json().error.message).toContain(`body.target: ${named}`);
    }
    expect(await h.storage.db.selectFrom('channel_accounts').select('id').execute()).toEqual([]);
    expect((await create({ type: 'extension', userId: admin.id })).statusCode).toBe(201);
  });
});
