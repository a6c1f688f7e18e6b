import type { IceServers } from '@switchboard/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';

/** Whether the server hands out a TURN relay (TURN_URLS and TURN_SECRET): without one calls connect only directly. */
export function useTurnConfigured(enabled: boolean) {
  return useQuery({
    queryKey: ['calls', 'ice-servers'],
    queryFn: () => api<IceServers>('GET', '/api/calls/ice-servers'),
    enabled,
    staleTime: 60_000,
    select: (ice) => ice.iceServers.some((server) => server.credential !== undefined),
  });
}
