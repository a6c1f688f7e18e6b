import type { Template } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { seedIfEmpty } from './seed.js';

describe.each(dialects)('the demo organisation on %s', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it('gives its agents quick-response templates in English and German', async () => {
    h = await startHarness(dialect);
    const logins = await seedIfEmpty(h.storage.db, h.services, h.config);
    const anna = await h.login('anna@example.com', logins.find((l) => l.email === 'anna@example.com')!.password);
    const templates = (await h.app.inject({ method: 'GET', url: '/api/templates', headers: anna.auth })).json().templates as Template[];
    const titles = (language: string) => templates.filter((t) => t.language === language).map((t) => t.title);
    expect(titles('en')).toContain('Welcome');
    expect(titles('de')).toContain('Begrüßung');
    expect(titles('en').length).toBe(titles('de').length);
    const ben = await h.login('ben@example.com', logins.find((l) => l.email === 'ben@example.com')!.password);
    const his = (await h.app.inject({ method: 'GET', url: '/api/templates', headers: ben.auth })).json().templates as Template[];
    const keys = his.map((t) => `${t.language}:${t.title}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
