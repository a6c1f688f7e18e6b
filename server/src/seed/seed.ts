import { randomBytes } from 'node:crypto';
import type { CreateUser, Role } from '@switchboard/protocol';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { groupsStorage } from '../groups/storage.js';
import type { Services } from '../services.js';
import { usersStorage } from '../users/storage.js';
import { seedTemplates } from './templates.js';

export interface SeededLogin {
  name: string;
  email: string;
  role: Role;
  extension: string;
  password: string;
}

const DEMO_PEOPLE: Omit<CreateUser, 'password'>[] = [
  { name: 'Ada Admin', email: 'admin@example.com', extension: '100', role: 'admin' },
  { name: 'Max Manager', email: 'manager@example.com', extension: '101', role: 'manager' },
  { name: 'Anna Agent', email: 'anna@example.com', extension: '102', role: 'agent' },
  { name: 'Ben Agent', email: 'ben@example.com', extension: '103', role: 'agent' },
  { name: 'Clara Agent', email: 'clara@example.com', extension: '104', role: 'agent' },
];

const password = () => randomBytes(9).toString('base64url');

/**
 * On the very first start (no users yet): the admin named by ADMIN_EMAIL/ADMIN_PASSWORD,
 * or else a demo organisation whose logins are returned once to be printed.
 */
export async function seedIfEmpty(db: Db, services: Services, config: Config): Promise<SeededLogin[]> {
  if ((await usersStorage.count(db)) > 0) return [];
  if (config.adminEmail && config.adminPassword) {
    await services.users.createUnchecked({
      name: 'Administrator',
      email: config.adminEmail,
      extension: '100',
      role: 'admin',
      password: config.adminPassword,
    });
    return [];
  }
  const logins: SeededLogin[] = [];
  for (const person of DEMO_PEOPLE) {
    const login = { ...person, password: password() };
    await services.users.createUnchecked(login);
    logins.push(login);
  }
  const ids = new Map((await usersStorage.list(db)).map((u) => [u.email, u.id]));
  const id = (email: string) => ids.get(email)!;
  const sales = await groupsStorage.insert(db, 'Sales');
  await groupsStorage.replaceMembers(db, sales.id, [
    { userId: id('manager@example.com'), isManager: true },
    { userId: id('anna@example.com'), isManager: false },
    { userId: id('ben@example.com'), isManager: false },
  ]);
  const support = await groupsStorage.insert(db, 'Support');
  await groupsStorage.replaceMembers(db, support.id, [
    { userId: id('manager@example.com'), isManager: true },
    { userId: id('ben@example.com'), isManager: false },
    { userId: id('clara@example.com'), isManager: false },
  ]);
  const admin = { id: id('admin@example.com'), role: 'admin' as const, name: 'Ada Admin' };
  const queue = await services.queues.create(admin, {
    number: '800',
    name: 'Website support',
    strategy: 'ring_all',
    ringTimeSeconds: 20,
    maxWaitSeconds: 600,
    noAgentsDestination: { type: 'offline' },
    timeoutDestination: { type: 'offline' },
    agentIds: [id('anna@example.com'), id('ben@example.com'), id('clara@example.com')],
    managerIds: [id('manager@example.com')],
  });
  await services.livechat.createWidget(admin, {
    name: 'Website',
    target: { type: 'queue', queueId: queue.id },
    texts: {
      en: { greeting: 'Hi! How can we help you today?', offline: '', prechat: '' },
      de: { greeting: 'Hallo! Wie können wir Ihnen heute helfen?', offline: '', prechat: '' },
    },
    askName: true,
    askEmail: false,
    colour: '#1f6feb',
    language: 'auto',
    allowCalls: false,
  });
  await seedTemplates(services, admin, { Sales: sales.id, Support: support.id });
  return logins;
}
