import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { AuthOptions, ChangePassword, ForgotPassword, LoginResponse, PasswordResetResult, UpdateMe, User } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { AuthService } from '../auth/service.js';
import { authStorage } from '../auth/storage.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError, errors } from '../http/errors.js';
import type { Mailer } from '../mail/mailer.js';
import type { Hub } from '../events/hub.js';
import type { ErrorLog } from '../services.js';
import { toUser } from '../users/mapping.js';
import { renamedEvents } from '../users/renames.js';
import { resetMail } from './mails.js';
import { accountStorage } from './storage.js';
import { transaction } from '../db/transaction.js';

const RESET_LINK_MINUTES = 60;
/** No 0/O, 1/l/I: the one-time password is read off a screen and typed or dictated. */
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Four groups of four from 31 characters: about 79 bits, and easy to read out. */
function oneTimePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/** My account (name, password), an admin's password reset, and "forgot password" by email. */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
    private readonly log: ErrorLog,
    private readonly hub: Hub,
  ) {}

  /** Public: what the sign-in screen may offer. */
  options(): AuthOptions {
    return { passwordReset: this.mailer.configured };
  }

  async rename(actor: Actor, input: UpdateMe): Promise<User> {
    await this.access.require(actor, 'account.edit');
    const { row, envelopes } = await transaction(this.db, async (trx) => {
      const row = await accountStorage.rename(trx, actor.id, input.name);
      return { row, envelopes: row ? await renamedEvents(trx, actor.id, row.name, this.clock.now()) : [] };
    });
    if (!row) throw errors.unauthenticated();
    this.hub.publish(envelopes);
    return toUser(row);
  }

  /**
   * Changes my password when I know the current one. My other sessions end (a stolen session or a
   * forgotten tab must not outlive the change); the one I changed it in stays signed in.
   */
  async changePassword(actor: Actor, sessionToken: string, input: ChangePassword): Promise<void> {
    await this.access.require(actor, 'account.edit');
    const row = await authStorage.passwordHashOf(this.db, actor.id);
    if (!row || !(await verifyPassword(input.currentPassword, row.password_hash))) throw errors.wrongPassword();
    await authStorage.setPassword(this.db, actor.id, await hashPassword(input.newPassword), 0);
    await this.auth.endOtherSessions(actor.id, sessionToken);
  }

  /**
   * An admin resets a colleague's password: a one-time password, shown to the admin once, that signs in
   * only to choose a new one. Works without email, and the admin never knows the password the person keeps.
   */
  async resetByAdmin(actor: Actor, userId: number): Promise<PasswordResetResult> {
    await this.access.require(actor, 'users.manage');
    if (userId === actor.id) throw errors.validation('Change your own password under Settings › My account');
    if (!(await authStorage.passwordHashOf(this.db, userId))) throw errors.notFound('User');
    const password = oneTimePassword();
    await authStorage.setPassword(this.db, userId, await hashPassword(password), 1);
    await this.auth.endAllSessions(userId);
    return { oneTimePassword: password };
  }

  /**
   * Public. Sends a reset link when the address belongs to an enabled account; the answer is the same
   * either way, and the mail goes out after answering, so neither the answer nor its timing tells whether
   * the address has an account.
   */
  async forgotPassword(input: ForgotPassword): Promise<void> {
    // Without SMTP the feature is absent (GET /api/auth/options says so): a 404, not a server fault.
    if (!this.mailer.configured) throw new AppError('NOT_FOUND', 'Password reset by email is not offered on this server (it has no SMTP_URL)');
    const user = await accountStorage.findEnabledByEmail(this.db, input.email);
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await accountStorage.insertResetToken(this.db, hashToken(token), user.id, now, now + RESET_LINK_MINUTES * 60_000);
    const link = `${this.publicUrl().replace(/\/$/, '')}/#/reset-password/${token}`;
    const mail = resetMail(input.language, user.name, link, RESET_LINK_MINUTES);
    this.mailer
      .send({ to: user.email, toName: user.name, fromName: 'Switchboard', ...mail })
      .catch((error: unknown) => this.log(error, 'password reset mail not sent'));
  }

  /** Public. Sets a new password with a reset link, once; every session of the account ends and a new one starts. */
  async resetWithLink(token: string, newPassword: string): Promise<LoginResponse> {
    const row = await accountStorage.takeResetToken(this.db, hashToken(token), this.clock.now());
    if (!row) throw errors.resetLinkInvalid();
    await authStorage.setPassword(this.db, row.id, await hashPassword(newPassword), 0);
    await this.auth.endAllSessions(row.id);
    return { token: await this.auth.startSession(row.id), user: toUser(row) };
  }
}
