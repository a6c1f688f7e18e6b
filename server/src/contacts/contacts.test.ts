import type { Contact } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('personal contacts on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    anna = await h.user('Anna');
    ben = await h.user('Ben');
  });
  afterEach(() => h.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: user.auth, payload });
  const search = async (user: TestUser, q: string) =>
    ((await call(user, 'GET', `/api/contacts?q=${encodeURIComponent(q)}`)).json().contacts as Contact[]).map((c) => c.name);

  it('creates, finds by name, company, phone or email, edits and deletes', async () => {
    const created = await call(anna, 'POST', '/api/contacts', {
      name: 'Jens Müller',
      company: 'Müller GmbH',
      phones: ['+49 30 1234567'],
      emails: ['jens@mueller.example'],
    });
    expect(created.statusCode).toBe(201);
    const jens = created.json() as Contact;
    await call(anna, 'POST', '/api/contacts', { name: 'Sarah Connor', phones: ['+1 (415) 555-0100'] });
    expect(await search(anna, 'müller')).toEqual(['Jens Müller']);
    expect(await search(anna, 'GMBH')).toEqual(['Jens Müller']);
    expect(await search(anna, '301234')).toEqual(['Jens Müller']);
    expect(await search(anna, '415 555')).toEqual(['Sarah Connor']);
    expect(await search(anna, 'mueller.example')).toEqual(['Jens Müller']);
    expect(await search(anna, '')).toEqual(['Jens Müller', 'Sarah Connor']);

    const edited = await call(anna, 'PUT', `/api/contacts/${jens.id}`, { name: 'Jens Müller', company: 'Acme', phones: [], emails: [] });
    expect(edited.json()).toEqual({ id: jens.id, name: 'Jens Müller', company: 'Acme', phones: [], emails: [] });
    expect(await search(anna, 'gmbh')).toEqual([]);
    expect((await call(anna, 'DELETE', `/api/contacts/${jens.id}`)).statusCode).toBe(200);
    expect(await search(anna, '')).toEqual(['Sarah Connor']);
  });

  it('keeps contacts private to their owner', async () => {
    const jens = (await call(anna, 'POST', '/api/contacts', { name: 'Jens' })).json() as Contact;
    expect(await search(ben, '')).toEqual([]);
    expect((await call(ben, 'PUT', `/api/contacts/${jens.id}`, { name: 'Hijacked' })).statusCode).toBe(403);
    expect((await call(ben, 'DELETE', `/api/contacts/${jens.id}`)).statusCode).toBe(403);
    expect((await call(ben, 'DELETE', '/api/contacts/99999')).statusCode).toBe(404);
    expect(await search(anna, '')).toEqual(['Jens']);
  });

  it('refuses a contact with a bad email, naming the field', async () => {
    const response = await call(anna, 'POST', '/api/contacts', { name: 'X', emails: ['nope'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('body.emails.0');
    expect(await search(anna, '')).toEqual([]);
  });
});
