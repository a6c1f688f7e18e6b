import type { ForgotPassword, LoginRequest, LoginResponse, ResetPassword, User } from '@switchboard/protocol';
import { api, ApiError, setUnauthenticatedHandler } from '../lib/api';
import { createStore } from '../lib/store';
import type { MeResponse } from '../lib/types';

type Session = { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; user: User };

export const sessionStore = createStore<Session>({ status: 'loading' });

export function currentUser(): User {
  const session = sessionStore.get();
  if (session.status !== 'authenticated') throw new Error('not signed in');
  return session.user;
}

setUnauthenticatedHandler(() => sessionStore.set(() => ({ status: 'anonymous' })));

export async function restoreSession(): Promise<void> {
  try {
    const { user } = await api<MeResponse>('GET', '/api/me');
    sessionStore.set(() => ({ status: 'authenticated', user }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) sessionStore.set(() => ({ status: 'anonymous' }));
    else throw err;
  }
}

export async function login(request: LoginRequest): Promise<void> {
  const { user } = await api<LoginResponse>('POST', '/api/auth/login', request);
  sessionStore.set(() => ({ status: 'authenticated', user }));
}

/** Asks for a reset link by email; the answer is the same whether or not the address has an account. */
export async function forgotPassword(request: ForgotPassword): Promise<void> {
  await api('POST', '/api/auth/forgot-password', request);
}

/** Sets a new password with a mailed link and signs in with it. */
export async function resetPassword(request: ResetPassword): Promise<void> {
  const { user } = await api<LoginResponse>('POST', '/api/auth/reset-password', request);
  history.replaceState(null, '', '#/team');
  sessionStore.set(() => ({ status: 'authenticated', user }));
}

export async function logout(): Promise<void> {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  sessionStore.set(() => ({ status: 'anonymous' }));
}
