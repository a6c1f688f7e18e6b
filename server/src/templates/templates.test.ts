import type { Template, TemplateCategory, TemplateGroup } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('chat templates on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let mia: TestUser; // manages Sales
  let anna: TestUser; // agent in Sales
  let ben: TestUser; // agent in Support only
  let sales: number;
  let support: number;

  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Root Admin', 'admin');
    mia = await h.user('Mia Manager', 'manager');
    anna = await h.user('Anna Agent');
    ben = await h.user('Ben Berger');
    const group = async (name: string, members: { userId: number; isManager: boolean }[]) =>
      (await call(admin, 'POST', '/api/admin/groups', { name, members })).json().id as number;
    sales = await group('Sales', [
      { userId: mia.id, isManager: true },
      { userId: anna.id, isManager: false },
    ]);
    support = await group('Support', [{ userId: ben.id, isManager: false }]);
  });
  afterEach(() => h.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: user.auth, payload });
  const titles = async (user: TestUser, query = '') => {
    const response = await call(user, 'GET', `/api/templates${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json().templates as Template[]).map((t) => t.title);
  };
  const create = async (user: TestUser, input: object) => {
    const response = await call(user, 'POST', '/api/templates', input);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Template;
  };
  const category = async (user: TestUser, groupId: number, name: string) => {
    const response = await call(user, 'POST', '/api/template-categories', { groupId, name });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as TemplateCategory;
  };

  it('lets a group manager create, edit and delete templates that the group members use', async () => {
    const greetings = await category(mia, sales, 'Greetings');
    const hello = await create(mia, {
      groupId: sales,
      categoryId: greetings.id,
      title: 'Hello',
      body: 'Hello {customer.name}, I am {agent.name}.',
      language: 'en',
    });
    expect(hello).toMatchObject({ groupId: sales, categoryId: greetings.id, title: 'Hello', language: 'en' });
    expect(await titles(anna)).toEqual(['Hello']);

    const edited = await call(mia, 'PUT', `/api/templates/${hello.id}`, {
      groupId: sales,
      categoryId: null,
      title: 'Hi there',
      body: 'Hi {customer.name}!',
      language: 'en',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Hi there', body: 'Hi {customer.name}!', categoryId: null });
    expect(await titles(anna)).toEqual(['Hi there']);

    expect((await call(mia, 'DELETE', `/api/templates/${hello.id}`)).statusCode).toBe(200);
    expect(await titles(anna)).toEqual([]);
  });

  it('keeps agents from changing templates, and from seeing those of groups they are not in', async () => {
    const salesOnly = await create(mia, { groupId: sales, title: 'Sales pitch', body: 'Buy now', language: 'en' });
    await create(admin, { groupId: support, title: 'Support hello', body: 'How can we help?', language: 'en' });

    expect(await titles(anna)).toEqual(['Sales pitch']);
    expect(await titles(ben)).toEqual(['Support hello']);
    expect(await titles(admin)).toEqual(['Sales pitch', 'Support hello']);

    // Anna, an agent of Sales: may use, may not change.
    const annaCreates = await call(anna, 'POST', '/api/templates', { groupId: sales, title: 'Mine', body: 'x', language: 'en' });
    expect(annaCreates.statusCode).toBe(403);
    expect(annaCreates.json().error.code).toBe('FORBIDDEN');
    const annaEdits = await call(anna, 'PUT', `/api/templates/${salesOnly.id}`, { groupId: sales, title: 'Changed', body: 'x', language: 'en' });
    expect(annaEdits.statusCode).toBe(403);
    expect((await call(anna, 'DELETE', `/api/templates/${salesOnly.id}`)).statusCode).toBe(403);
    expect((await call(anna, 'POST', '/api/template-categories', { groupId: sales, name: 'Mine' })).statusCode).toBe(403);

    // Ben, not in Sales: cannot list it, asked for or not, and cannot touch its templates.
    const benLists = await call(ben, 'GET', `/api/templates?groupId=${sales}`);
    expect(benLists.statusCode).toBe(403);
    expect((await call(ben, 'GET', `/api/template-categories?groupId=${sales}`)).statusCode).toBe(403);
    expect((await call(ben, 'PUT', `/api/templates/${salesOnly.id}`, { groupId: support, title: 'Stolen', body: 'x', language: 'en' })).statusCode).toBe(404);
    expect((await call(ben, 'DELETE', `/api/templates/${salesOnly.id}`)).statusCode).toBe(404);

    // Mia manages Sales only: she cannot write into Support or move a template there.
    expect((await call(mia, 'POST', '/api/templates', { groupId: support, title: 'X', body: 'x', language: 'en' })).statusCode).toBe(403);
    expect((await call(mia, 'PUT', `/api/templates/${salesOnly.id}`, { groupId: support, title: 'Moved', body: 'x', language: 'en' })).statusCode).toBe(403);

    expect(await titles(anna)).toEqual(['Sales pitch']);
    expect(await titles(ben)).toEqual(['Support hello']);

    const groups = (await call(mia, 'GET', '/api/template-groups')).json().groups as TemplateGroup[];
    expect(groups).toEqual([{ id: sales, name: 'Sales', canManage: true }]);
    expect(((await call(anna, 'GET', '/api/template-groups')).json().groups as TemplateGroup[]).map((g) => g.canManage)).toEqual([false]);
    expect(((await call(admin, 'GET', '/api/template-groups')).json().groups as TemplateGroup[]).map((g) => g.name)).toEqual(['Sales', 'Support']);
  });

  it('filters by group, category, language and text in title or body', async () => {
    const greetings = await category(mia, sales, 'Greetings');
    const closing = await category(mia, sales, 'Closing');
    await create(mia, { groupId: sales, categoryId: greetings.id, title: 'Welcome', body: 'Hello {customer.name}!', language: 'en' });
    await create(mia, { groupId: sales, categoryId: greetings.id, title: 'Willkommen', body: 'Grüß Gott, {customer.name}!', language: 'de' });
    await create(mia, { groupId: sales, categoryId: closing.id, title: 'Goodbye', body: 'Thanks for your ORDER.', language: 'en' });
    await create(mia, { groupId: sales, title: 'Prices', body: 'Our price list is attached', language: 'en' });
    await create(admin, { groupId: support, title: 'Support only', body: 'order help', language: 'en' });

    expect(await titles(anna, `?categoryId=${greetings.id}`)).toEqual(['Welcome', 'Willkommen']);
    expect(await titles(anna, '?language=de')).toEqual(['Willkommen']);
    expect(await titles(anna, `?categoryId=${greetings.id}&language=en`)).toEqual(['Welcome']);
    expect(await titles(anna, '?q=order')).toEqual(['Goodbye']); // body, any case; Support's stays hidden
    expect(await titles(anna, '?q=GOODBYE')).toEqual(['Goodbye']); // title
    expect(await titles(anna, `?q=${encodeURIComponent('grüß')}`)).toEqual(['Willkommen']);
    expect(await titles(anna, '?q=100%25')).toEqual([]);
    expect(await titles(anna, `?groupId=${sales}&language=en`)).toEqual(['Goodbye', 'Prices', 'Welcome']);
    expect(await titles(admin, `?groupId=${support}`)).toEqual(['Support only']);

    const categories = (await call(anna, 'GET', '/api/template-categories')).json().categories as TemplateCategory[];
    expect(categories.map((c) => c.name)).toEqual(['Closing', 'Greetings']);
    expect((await call(ben, 'GET', '/api/template-categories')).json().categories as TemplateCategory[]).toEqual([]);
  });

  it('lets managers rename and delete categories; their templates stay, uncategorised', async () => {
    const greetings = await category(mia, sales, 'Greetings');
    const hello = await create(mia, { groupId: sales, categoryId: greetings.id, title: 'Hello', body: 'Hi', language: 'en' });
    const duplicate = await call(mia, 'POST', '/api/template-categories', { groupId: sales, name: 'greetings' });
    expect(duplicate.statusCode).toBe(409);
    const renamed = await call(mia, 'PUT', `/api/template-categories/${greetings.id}`, { name: 'Openers' });
    expect(renamed.json()).toEqual({ id: greetings.id, groupId: sales, name: 'Openers' });
    expect((await call(anna, 'PUT', `/api/template-categories/${greetings.id}`, { name: 'Nope' })).statusCode).toBe(403);
    expect((await call(ben, 'DELETE', `/api/template-categories/${greetings.id}`)).statusCode).toBe(404);
    expect((await call(mia, 'DELETE', `/api/template-categories/${greetings.id}`)).statusCode).toBe(200);
    const [after] = (await call(anna, 'GET', '/api/templates')).json().templates as Template[];
    expect(after).toMatchObject({ id: hello.id, categoryId: null, title: 'Hello' });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const other = await category(admin, support, 'Support stuff');
    const cases: [object, string][] = [
      [{ groupId: sales, title: '  ', body: 'x', language: 'en' }, 'body.title'],
      [{ groupId: sales, title: 'T', body: '', language: 'en' }, 'body.body'],
      [{ groupId: sales, title: 'T', body: 'x', language: 'klingon' }, 'body.language'],
      [{ groupId: sales, title: 'T', body: 'x'.repeat(5001), language: 'en' }, 'body.body'],
      [{ groupId: sales, categoryId: other.id, title: 'T', body: 'x', language: 'en' }, 'body.categoryId'],
    ];
    for (const [payload, field] of cases) {
      const response = await call(mia, 'POST', '/api/templates', payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.message).toContain(field);
    }
    const unknownGroup = await call(admin, 'POST', '/api/templates', { groupId: 99999, title: 'T', body: 'x', language: 'en' });
    expect(unknownGroup.statusCode).toBe(400);
    expect(unknownGroup.json().error.message).toContain('body.groupId');
    const badQuery = await call(anna, 'GET', '/api/templates?language=xx');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.message).toContain('language');
    expect(await titles(admin)).toEqual([]);
  });

  it('forgets a deleted group’s templates', async () => {
    await create(mia, { groupId: sales, title: 'Hello', body: 'Hi', language: 'en' });
    expect((await call(admin, 'DELETE', `/api/admin/groups/${sales}`)).statusCode).toBe(200);
    expect(await titles(admin)).toEqual([]);
  });
});
