import { z } from 'zod';
import { Id } from './common.js';
import { NameText, Text } from './text.js';

export const Role = z.enum(['admin', 'manager', 'agent']);
export type Role = z.infer<typeof Role>;

export const Extension = z.string().regex(/^\d{2,6}$/, 'must be 2 to 6 digits');
const Name = NameText(120);
/** The rules for every password a person chooses. */
export const NewPassword = Text().min(8, 'must be at least 8 characters').max(200);
const Password = NewPassword;

export const User = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  extension: z.string(),
  role: Role,
  disabled: z.boolean(),
});
export type User = z.infer<typeof User>;

export const CreateUser = z.object({
  name: Name,
  email: z.email().max(200),
  extension: Extension,
  role: Role.default('agent'),
  password: Password,
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z
  .object({
    name: Name,
    email: z.email().max(200),
    extension: Extension,
    role: Role,
    password: Password,
    disabled: z.boolean(),
  })
  .partial();
export type UpdateUser = z.infer<typeof UpdateUser>;

export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

/** My account: what I may change about myself. */
export const UpdateMe = z.object({ name: Name });
export type UpdateMe = z.infer<typeof UpdateMe>;

export const ChangePassword = z.object({ currentPassword: Text().min(1).max(200), newPassword: NewPassword });
export type ChangePassword = z.infer<typeof ChangePassword>;

/** An admin's reset: the one-time password, shown to the admin once and never stored in the clear. */
export const PasswordResetResult = z.object({ oneTimePassword: z.string() });
export type PasswordResetResult = z.infer<typeof PasswordResetResult>;
