import { QueryClient, useQuery } from '@tanstack/react-query';
import type { AuthOptions } from '@switchboard/protocol';
import { useSyncExternalStore } from 'react';
import { api } from '../lib/api';

/** The sign-in screen's own small client: the signed-in app's (chat/queries.ts) is not loaded before sign-in. */
const authQueryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** What the server offers before sign-in: "Forgot password" only where it can send email. */
export function useAuthOptions() {
  return useQuery({ queryKey: ['auth-options'], queryFn: () => api<AuthOptions>('GET', '/api/auth/options'), staleTime: Infinity }, authQueryClient);
}

const RESET_LINK = /^#\/reset-password\/([\w-]+)$/;

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The token of a mailed reset link (#/reset-password/…) when this page was opened with one. */
export function useResetToken(): string | null {
  return useSyncExternalStore(subscribe, () => RESET_LINK.exec(location.hash)?.[1] ?? null);
}
