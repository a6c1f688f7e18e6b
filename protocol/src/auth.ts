import { z } from 'zod';
import { Text } from './text.js';
import { User } from './users.js';
import { PresenceStatus } from './team.js';

export const LoginRequest = z.object({
  email: Text().trim().min(1).max(200),
  password: Text().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The token is the session: sent back as a cookie for browsers, usable as a bearer token by API clients. */
export const LoginResponse = z.object({ token: z.string(), user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const Me = z.object({ user: User, status: PresenceStatus });
export type Me = z.infer<typeof Me>;
