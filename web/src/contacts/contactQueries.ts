import type { ContactListResponse } from '../lib/types';
import { api, withQuery } from '../lib/api';
import { useServerData } from '../lib/useServerData';

/** My personal contacts matching `q` (all of them for ''): the Contacts page and the Team view's list. */
export function useContacts(q: string) {
  return useServerData(['contacts', q], () => api<ContactListResponse>('GET', withQuery('/api/contacts', { q })));
}
