import type { WidgetConfig } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';

describe.each(dialects)('a widget speaks its texts in each language on %s', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  const config = async (key: string) => (await h.app.inject({ method: 'GET', url: `/api/widget/${key}/config` })).json() as WidgetConfig;

  it("gives the widget the admin's greeting, offline text and pre-chat prompt per language, empty for the built-in one", async () => {
    h = await startHarness(dialect);
    const admin = await h.user('Root', 'admin');
    const queue = await createQueue(h, admin, { agentIds: [] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    expect((await config(widget.key)).texts).toEqual({ en: { greeting: '', offline: '', prechat: '' }, de: { greeting: '', offline: '', prechat: '' } });

    const texts = { en: { greeting: ' Hello there! ', prechat: 'Who are you?' }, de: { greeting: 'Grüß Gott!', offline: 'Gerade niemand da.' } };
    const saved = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/widgets/${widget.id}`,
      headers: admin.auth,
      payload: { name: 'Website', target: { type: 'queue', queueId: queue.id }, texts },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await config(widget.key)).texts).toEqual({
      en: { greeting: 'Hello there!', offline: '', prechat: 'Who are you?' },
      de: { greeting: 'Grüß Gott!', offline: 'Gerade niemand da.', prechat: '' },
    });
    const tooLong = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/widgets/${widget.id}`,
      headers: admin.auth,
      payload: { name: 'Website', target: { type: 'queue', queueId: queue.id }, texts: { de: { greeting: 'x'.repeat(501) } } },
    });
    expect(tooLong.statusCode).toBe(400);
  });
});
