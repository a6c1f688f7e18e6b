/** The list with `item` in place of the entry with its id, or added at the end: what an editor's Save does to its list. */
export function upsertById<T extends { id: number }>(list: readonly T[] | null, item: T): T[] {
  return list?.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...(list ?? []), item];
}
