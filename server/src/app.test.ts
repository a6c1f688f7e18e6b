import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness.js';
import { seedIfEmpty } from './seed/seed.js';
import { loadConfig } from './config.js';

describe('server basics', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('answers /health with 200 while the database answers and 503 when it does not', async () => {
    h = await startHarness('sqlite');
    expect((await h.app.inject('/health')).statusCode).toBe(200);
    await h.storage.close();
    const down = await h.app.inject('/health');
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('UNAVAILABLE');
    const reopened = await (await import('./db/database.js')).openStorage(h.storage.location);
    Object.assign(h.storage, reopened);
  });

  it('answers unknown routes with 404 and hides internal errors', async () => {
    h = await startHarness('sqlite');
    const anna = await h.user('Anna');
    const missing = await h.app.inject({ method: 'GET', url: '/api/nothing-here', headers: anna.auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    expect((await h.app.inject({ method: 'GET', url: '/api/conversations' })).statusCode).toBe(401);
    await h.storage.db.schema.dropTable('contacts').execute();
    const broken = await h.app.inject({ method: 'GET', url: '/api/contacts', headers: anna.auth });
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on the server' } });
    expect(broken.body).not.toMatch(/contacts|sqlite|at /i);
  });

  it('publishes the OpenAPI document generated from the route schemas', async () => {
    h = await startHarness('sqlite');
    const doc = (await h.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const send = doc.paths['/api/conversations/{id}/messages'].post;
    expect(send.requestBody.content['application/json'].schema.required).toEqual(['clientId', 'body']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/team', '/api/contacts', '/api/admin/users']));
  });

  it('seeds a demo organisation on first start, once', async () => {
    h = await startHarness('sqlite');
    const logins = await seedIfEmpty(h.storage.db, h.services, h.config);
    expect(logins.map((l) => l.role)).toEqual(['admin', 'manager', 'agent', 'agent', 'agent']);
    expect(logins.every((l) => /^\d{3}$/.test(l.extension))).toBe(true);
    const manager = await h.login('manager@example.com', logins[1]!.password);
    const team = (await h.app.inject({ method: 'GET', url: '/api/team', headers: manager.auth })).json();
    expect(team.groups.map((g: { name: string }) => g.name)).toEqual(['Sales', 'Support']);
    expect(await seedIfEmpty(h.storage.db, h.services, h.config)).toEqual([]);
  });

  it('creates only the configured admin when ADMIN_EMAIL and ADMIN_PASSWORD are set', async () => {
    h = await startHarness('sqlite');
    const config = loadConfig({ ADMIN_EMAIL: 'ops@corp.example', ADMIN_PASSWORD: 'a-long-secret' });
    expect(await seedIfEmpty(h.storage.db, h.services, config)).toEqual([]);
    const ops = await h.login('ops@corp.example', 'a-long-secret');
    expect(ops.role).toBe('admin');
    const users = (await h.app.inject({ method: 'GET', url: '/api/admin/users', headers: ops.auth })).json().users;
    expect(users).toHaveLength(1);
  });
});
