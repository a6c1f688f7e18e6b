import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse } from '@switchboard/protocol';
import type { Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import { CloseCodes } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { Hub } from '../events/hub.js';
import { userRecipient } from '../events/recipient.js';
import { errors } from '../http/errors.js';
import { toUser } from '../users/mapping.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { authStorage } from './storage.js';

const SESSION_MS = 30 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** What names a session among a user's sockets (its stored hash, never the token itself). */
export const sessionIdOf = hashToken;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hub: Hub,
  ) {}

  /**
   * Signs in. After an admin reset the one-time password is good only together with `newPassword`: it is
   * replaced before the session starts, so it can never be used twice.
   */
  async login(email: string, password: string, newPassword?: string): Promise<LoginResponse> {
    const row = await authStorage.findUserByEmail(this.db, email);
    const valid = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !valid) throw errors.invalidCredentials();
    if (row.disabled) throw errors.accountDisabled();
    if (row.password_reset_required) {
      if (newPassword === undefined) throw errors.passwordChangeRequired();
      if (newPassword === password) throw errors.validation('Choose a password other than the one-time password');
      await authStorage.setPassword(this.db, row.id, await hashPassword(newPassword), 0);
    }
    return { token: await this.startSession(row.id), user: toUser(row) };
  }

  /** A new session for a user whose identity was proven (a password, a reset link); its token. */
  async startSession(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await authStorage.insertSession(this.db, hashToken(token), userId, now, now + SESSION_MS);
    return token;
  }

  /** The signed-in user behind a session token, or null when it is unknown, expired or disabled. */
  async authenticate(token: string): Promise<Actor | null> {
    const row = await authStorage.findSessionUser(this.db, hashToken(token), this.clock.now());
    return row ? { id: row.id, role: row.role, name: row.name } : null;
  }

  /** When the session ends by itself; 0 when it is gone already. A socket opened with it must not outlive it. */
  async sessionEndsAt(token: string): Promise<number> {
    return Number((await authStorage.sessionExpiry(this.db, hashToken(token)))?.expires_at ?? 0);
  }

  hasEnded(endsAt: number): boolean {
    return endsAt <= this.clock.now();
  }

  /** Ends the session and closes its sockets on every node: a signed-out browser must stop receiving too. */
  async logout(token: string, userId: number): Promise<void> {
    await authStorage.deleteSession(this.db, hashToken(token));
    this.hub.disconnect(userRecipient(userId), CloseCodes.SIGNED_OUT, 'signed out', hashToken(token));
  }

  /** After changing my own password: my other sessions and their sockets end, on every node; this one stays. */
  async endOtherSessions(userId: number, keptToken: string): Promise<void> {
    await authStorage.deleteOtherSessionsOf(this.db, userId, hashToken(keptToken));
    this.hub.disconnectOthers(userRecipient(userId), CloseCodes.SIGNED_OUT, 'password changed', hashToken(keptToken));
  }

  /** After a password change or disabling: every session and socket of the user ends, on every node. */
  async endAllSessions(userId: number): Promise<void> {
    await authStorage.deleteSessionsOf(this.db, userId);
    this.hub.disconnect(userRecipient(userId), CloseCodes.SIGNED_OUT, 'signed out');
  }
}
