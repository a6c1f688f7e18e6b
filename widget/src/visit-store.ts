/** What a reload needs to resume the same visitor: its secret token and the last event it saw. */
export interface StoredVisit {
  token: string;
  visitorId: number;
  lastSeq?: number;
}

export type VisitStore = ReturnType<typeof visitStore>;

/** The visit of one widget key in localStorage (in memory only where the page forbids storage). */
export function visitStore(widgetKey: string) {
  const name = `switchboard-widget:${widgetKey}`;
  let memory: StoredVisit | undefined;
  return {
    load(): StoredVisit | undefined {
      try {
        const raw = localStorage.getItem(name);
        if (raw) memory = JSON.parse(raw) as StoredVisit;
      } catch {
        // storage unavailable or corrupt: keep what this page knows
      }
      return memory;
    },
    save(visit: StoredVisit): void {
      memory = visit;
      try {
        localStorage.setItem(name, JSON.stringify(visit));
      } catch {
        // storage unavailable: the visit lasts as long as the page
      }
    },
    clear(): void {
      memory = undefined;
      try {
        localStorage.removeItem(name);
      } catch {
        // nothing stored
      }
    },
  };
}
