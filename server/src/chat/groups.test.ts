import type { Conversation, MessagePage, SystemNote } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

/** Group chats: the creator and the admins among the members rename them and add and remove colleagues; members leave. */
describe.each(dialects)('group chat management on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser; // creates the group
  let ben: TestUser; // a member
  let clara: TestUser; // a member who is an admin
  let dora: TestUser; // not in the group
  let root: TestUser; // an admin, not in the group
  let group: Conversation;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    h = await startHarness(dialect);
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara', 'admin');
    dora = await h.user('Dora');
    root = await h.user('Root', 'admin');
    const response = await call(anna, 'POST', '/api/conversations', { kind: 'group', title: 'Launch', userIds: [ben.id, clara.id] });
    group = response.json();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return h.app.inject({ method, url, headers: user.auth, payload });
  }
  const rename = (user: TestUser, title: string) => call(user, 'PATCH', `/api/conversations/${group.id}`, { title });
  const add = (user: TestUser, ...users: TestUser[]) => call(user, 'POST', `/api/conversations/${group.id}/members`, { userIds: users.map((u) => u.id) });
  const remove = (user: TestUser, member: TestUser) => call(user, 'DELETE', `/api/conversations/${group.id}/members/${member.id}`);
  const leave = (user: TestUser) => call(user, 'POST', `/api/conversations/${group.id}/leave`);
  const notes = async (user: TestUser): Promise<SystemNote[]> =>
    ((await call(user, 'GET', `/api/conversations/${group.id}/messages`)).json() as MessagePage).messages.flatMap((m) => (m.system ? [m.system] : []));
  const memberNames = async (user: TestUser) =>
    ((await call(user, 'GET', `/api/conversations/${group.id}`)).json() as Conversation).members.map((m) => m.name).sort();

  it('tells the view who created the group', () => {
    expect(group.createdBy).toBe(anna.id);
  });

  it('lets the creator rename the group, with a line for the members and the new title everywhere', async () => {
    const socket = await TestSocket.connect(await h.listen(), ben.token);
    sockets.push(socket);
    const response = await rename(anna, 'Launch 2.0');
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as Conversation).title).toBe('Launch 2.0');
    expect(await notes(ben)).toEqual([{ kind: 'group_renamed', byName: 'Anna', title: 'Launch 2.0' }]);
    const updated = await socket.next((e) => e.type === 'conversation.updated');
    expect(updated.type === 'conversation.updated' && updated.conversation.title).toBe('Launch 2.0');
    await socket.next((e) => e.type === 'message.created' && e.message.system?.kind === 'group_renamed');
  });

  it('lets an admin who is a member manage the group', async () => {
    expect((await rename(clara, 'Renamed by Clara')).statusCode).toBe(200);
    expect((await add(clara, dora)).statusCode).toBe(200);
    expect((await remove(clara, ben)).statusCode).toBe(200);
    expect(await memberNames(anna)).toEqual(['Anna', 'Clara', 'Dora']);
  });

  it('refuses renaming and member changes to a member who neither created it nor is an admin', async () => {
    expect((await rename(ben, 'Mine now')).statusCode).toBe(403);
    expect((await add(ben, dora)).statusCode).toBe(403);
    expect((await remove(ben, clara)).statusCode).toBe(403);
    expect(await memberNames(anna)).toEqual(['Anna', 'Ben', 'Clara']);
    expect(await notes(anna)).toEqual([]);
  });

  it('refuses everything to colleagues outside the group, admins included (an admin reads no chat they are not in)', async () => {
    for (const outsider of [dora, root]) {
      expect((await rename(outsider, 'Taken over')).statusCode).toBe(403);
      expect((await add(outsider, outsider)).statusCode).toBe(403);
      expect((await remove(outsider, ben)).statusCode).toBe(403);
      expect((await leave(outsider)).statusCode).toBe(403);
    }
    expect(await memberNames(anna)).toEqual(['Anna', 'Ben', 'Clara']);
  });

  it('adds colleagues: they get the chat with its history, everybody a line naming them', async () => {
    await call(ben, 'POST', `/api/conversations/${group.id}/messages`, { clientId: 'before-dora-joined', body: 'Kick-off at 10' });
    const response = await add(anna, dora, ben);
    expect(response.statusCode, response.body).toBe(200);
    expect(await memberNames(dora)).toEqual(['Anna', 'Ben', 'Clara', 'Dora']);
    expect(await notes(dora)).toEqual([{ kind: 'members_added', byName: 'Anna', names: ['Dora'] }]);
    const history = (await call(dora, 'GET', `/api/conversations/${group.id}/messages`)).json() as MessagePage;
    expect(history.messages.map((m) => m.body)).toContain('Kick-off at 10');
    // Adding who is already in it changes nothing and says nothing.
    expect((await add(anna, ben)).statusCode).toBe(200);
    expect(await notes(anna)).toHaveLength(1);
    expect((await add(anna, { ...dora, id: 999_999 })).statusCode).toBe(404);
  });

  it('removes a colleague: they lose the chat (and find nothing in it), the others see a line', async () => {
    await call(anna, 'POST', `/api/conversations/${group.id}/messages`, { clientId: 'secret-plan-1', body: 'The secret plan' });
    const socket = await TestSocket.connect(await h.listen(), ben.token);
    sockets.push(socket);
    expect((await remove(anna, ben)).statusCode).toBe(200);
    const removed = await socket.next((e) => e.type === 'conversation.removed');
    expect(removed).toMatchObject({ conversationId: group.id, reason: 'removed_from_group', byName: 'Anna' });
    expect((await call(ben, 'GET', `/api/conversations/${group.id}/messages`)).statusCode).toBe(403);
    expect(((await call(ben, 'GET', '/api/messages/search?q=secret')).json() as { hits: unknown[] }).hits).toEqual([]);
    expect(await notes(clara)).toEqual([{ kind: 'member_removed', byName: 'Anna', name: 'Ben' }]);
    expect((await remove(anna, ben)).statusCode).toBe(404);
    expect((await remove(anna, anna)).statusCode).toBe(400);
  });

  it('lets every member leave, the creator too; the rest see a line', async () => {
    expect((await leave(ben)).statusCode).toBe(200);
    expect((await call(ben, 'GET', '/api/conversations')).json().conversations).toEqual([]);
    expect((await leave(ben)).statusCode).toBe(403);
    expect((await leave(anna)).statusCode).toBe(200);
    expect(await notes(clara)).toEqual([
      { kind: 'member_left', name: 'Ben' },
      { kind: 'member_left', name: 'Anna' },
    ]);
    // The creator left: managing it is the admins' among its members now.
    expect((await rename(anna, 'Back')).statusCode).toBe(403);
    expect((await rename(clara, 'Clara runs it')).statusCode).toBe(200);
  });

  it('keeps direct chats as they are: no renaming, no members, no leaving', async () => {
    const direct = (await call(anna, 'POST', '/api/conversations', { kind: 'direct', userId: ben.id })).json() as Conversation;
    expect(direct.createdBy).toBeNull();
    expect((await call(anna, 'PATCH', `/api/conversations/${direct.id}`, { title: 'Us' })).statusCode).toBe(403);
    expect((await call(anna, 'POST', `/api/conversations/${direct.id}/members`, { userIds: [dora.id] })).statusCode).toBe(403);
    expect((await call(anna, 'POST', `/api/conversations/${direct.id}/leave`)).statusCode).toBe(403);
  });

  it('refuses an empty title with 400', async () => {
    expect((await rename(anna, '   ')).statusCode).toBe(400);
  });
});
