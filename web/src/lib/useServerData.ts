import { keepPreviousData, type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';

export interface ServerData<T> {
  /** null until the first answer. */
  data: T | null;
  /** The load's refusal in the reader's language; '' when it loaded. */
  error: string;
  /** Changes the cached answer after the screen's own save or delete (no refetch needed). */
  update: (change: (value: T) => T) => void;
}

/**
 * What a screen shows from the server, cached by TanStack Query under `key` (a resync invalidates it; a
 * new key, e.g. another search, keeps the previous answer on screen until the new one is there).
 */
export function useServerData<T>(key: QueryKey, load: () => Promise<T>, options: { enabled?: boolean } = {}): ServerData<T> {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useQuery({ queryKey: key, queryFn: load, placeholderData: keepPreviousData, enabled: options.enabled });
  return {
    data: query.data ?? null,
    error: query.isError ? errorText(query.error, t) : '',
    update: (change) => client.setQueryData<T>(key, (value) => (value === undefined ? value : change(value))),
  };
}
