import { z } from 'zod';
import { Text } from './text.js';
import { NewPassword, User } from './users.js';
import { PresenceStatus } from './team.js';

export const LoginRequest = z.object({
  email: Text().trim().min(1).max(200),
  password: Text().min(1).max(200),
  /** After an admin reset the one-time password signs in only together with the new password chosen. */
  newPassword: NewPassword.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The token is the session: sent back as a cookie for browsers, usable as a bearer token by API clients. */
export const LoginResponse = z.object({ token: z.string(), user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const Me = z.object({ user: User, status: PresenceStatus });
export type Me = z.infer<typeof Me>;

/** What the sign-in screen offers: "Forgot password" only where the server can send email. */
export const AuthOptions = z.object({ passwordReset: z.boolean() });
export type AuthOptions = z.infer<typeof AuthOptions>;

export const MailLanguage = z.enum(['en', 'de']);

export const ForgotPassword = z.object({ email: Text().trim().min(1).max(200), language: MailLanguage.default('en') });
export type ForgotPassword = z.infer<typeof ForgotPassword>;

export const ResetPassword = z.object({ token: Text().min(1).max(200), newPassword: NewPassword });
export type ResetPassword = z.infer<typeof ResetPassword>;
