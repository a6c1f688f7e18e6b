import type { User } from '@switchboard/protocol';
import type { UsersTable } from '../db/schema.js';

type UserRow = Pick<UsersTable, 'email' | 'name' | 'extension' | 'role'> & { id: number; disabled: number };

export const userColumns = ['id', 'email', 'name', 'extension', 'role', 'disabled', 'status'] as const;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    extension: row.extension,
    role: row.role,
    disabled: row.disabled === 1,
  };
}
