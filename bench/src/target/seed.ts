import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse } from '@switchboard/protocol';
import { hashPassword } from '@switchboard/server/src/auth/passwords.js';
import type { Switchboard } from './switchboard.js';

const PASSWORD = 'bench-password-1';
/** Users created through the service and signed in over HTTP; the rest are bulk-inserted (scrypt costs ~50 ms each). */
const SIGNED_IN_USERS = 2;
const CHUNK = 500;
const SESSION_MS = 30 * 24 * 60 * 60 * 1000;

export interface SeededUser {
  id: number;
  name: string;
  token: string;
}

export interface DirectChat {
  id: number;
  members: [number, number];
}

/** The server stores sha256(token), base64url, as in server/src/auth/service.ts. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

const email = (i: number) => `bench.user.${i}@example.test`;

async function signIn(sb: Switchboard, profile: { name: string; email: string; extension: string; role: 'agent' | 'admin' }): Promise<SeededUser> {
  await sb.services.users.createUnchecked({ ...profile, password: PASSWORD });
  const response = await fetch(`${sb.httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: profile.email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as LoginResponse;
  return { id: body.user.id, name: body.user.name, token: body.token };
}

const signedInUser = (sb: Switchboard, i: number) => signIn(sb, { name: `Bench User ${i}`, email: email(i), extension: String(10_000 + i), role: 'agent' });

/** An administrator, signed in over HTTP, to configure queues and widgets through the API. */
export const seedAdmin = (sb: Switchboard) => signIn(sb, { name: 'Bench Admin', email: 'bench.admin@example.test', extension: '9999', role: 'admin' });

async function bulkUsers(sb: Switchboard, from: number, to: number): Promise<SeededUser[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const now = Date.now();
  const users: SeededUser[] = [];
  for (let start = from; start < to; start += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, to - start) }, (_, k) => start + k);
    const rows = await sb.storage.db
      .insertInto('users')
      .values(
        indexes.map((i) => ({
          email: email(i),
          name: `Bench User ${i}`,
          extension: String(10_000 + i),
          role: 'agent' as const,
          password_hash: passwordHash,
          created_at: now,
        })),
      )
      .returning(['id', 'name'])
      .execute();
    const batch = rows.map((row) => ({ id: row.id, name: row.name, token: randomBytes(32).toString('base64url') }));
    await sb.storage.db
      .insertInto('sessions')
      .values(batch.map((u) => ({ token_hash: hashToken(u.token), user_id: u.id, created_at: now, expires_at: now + SESSION_MS })))
      .execute();
    users.push(...batch);
  }
  return users;
}

/** `count` users, each with a valid session token. */
export async function seedUsers(sb: Switchboard, count: number): Promise<SeededUser[]> {
  const users: SeededUser[] = [];
  for (let i = 0; i < Math.min(SIGNED_IN_USERS, count); i++) users.push(await signedInUser(sb, i));
  if (count > users.length) users.push(...(await bulkUsers(sb, users.length, count)));
  return users;
}

/** Pairs users 0+1, 2+3, … into direct chats through the chat service. */
export async function seedDirectChats(sb: Switchboard, users: SeededUser[]): Promise<DirectChat[]> {
  const chats: DirectChat[] = [];
  for (let i = 0; i + 1 < users.length; i += 2) {
    const [a, b] = [users[i]!, users[i + 1]!];
    const conversation = await sb.services.chat.create({ id: a.id, role: 'agent', name: a.name }, { kind: 'direct', userId: b.id });
    chats.push({ id: conversation.id, members: [a.id, b.id] });
  }
  return chats;
}
