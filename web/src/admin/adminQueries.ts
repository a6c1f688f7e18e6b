import type { ChannelAccount, Group, Queue, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import type { ChannelAccountListResponse, GroupListResponse, QueueListResponse, UserListResponse } from '../lib/types';
import { useServerData } from '../lib/useServerData';

/**
 * The admin screens' lists, one cached query each, shared between screens (queues and channels both
 * pick users). `update` keeps a list in step after the screen's own save.
 */
function useList<T, R>(key: string, path: string, pick: (response: R) => readonly T[]) {
  const answer = useServerData<R>(['admin', key], () => api<R>('GET', path));
  return {
    list: answer.data === null ? null : pick(answer.data),
    error: answer.error,
    update: (change: (list: readonly T[]) => readonly T[]) => answer.update((r) => ({ ...r, [key]: change(pick(r)) })),
  };
}

export const useAdminUsers = () => useList<User, UserListResponse>('users', '/api/admin/users', (r) => r.users);
export const useAdminQueues = () => useList<Queue, QueueListResponse>('queues', '/api/admin/queues', (r) => r.queues);
export const useAdminGroups = () => useList<Group, GroupListResponse>('groups', '/api/admin/groups', (r) => r.groups);
export const useAdminChannels = () => useList<ChannelAccount, ChannelAccountListResponse>('channels', '/api/admin/channels', (r) => r.channels);
