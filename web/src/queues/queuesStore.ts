import { createStore } from '../lib/store';

/** Bumped when a customer chat changes, so that waiting counts and waiting lists are fetched again. */
export const queuesEpochStore = createStore(0);

export function bumpQueues(): void {
  queuesEpochStore.set((n) => n + 1);
}
