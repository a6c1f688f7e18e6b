import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TeamMember, TeamView } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { queryClient } from '../chat/queries';

export const teamKeys = {
  all: ['team'] as const,
  view: (groupId: number | undefined) => ['team', groupId ?? 'all'] as const,
};

/** The Team view: my groups' members (or one group's) with presence and my favourites. */
export function useTeam(groupId: number | undefined) {
  return useQuery({
    queryKey: teamKeys.view(groupId),
    queryFn: () => api<TeamView>('GET', withQuery('/api/team', { groupId })),
    placeholderData: keepPreviousData,
  });
}

/** Changes one member in every cached Team view (a favourite star toggled, a colleague renamed). */
export function updateTeamMember(userId: number, change: Partial<TeamMember>): void {
  queryClient.setQueriesData<TeamView>({ queryKey: teamKeys.all }, (team) =>
    team ? { ...team, members: team.members.map((m) => (m.id === userId ? { ...m, ...change } : m)) } : team,
  );
}
