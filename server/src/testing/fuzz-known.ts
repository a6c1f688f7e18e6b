/** One answer of the fuzz suite (server/src/http/fuzz.test.ts). */
export interface FuzzAnswer {
  who: string;
  method: string;
  /** The route as the OpenAPI document names it, e.g. /api/files/{id}. */
  path: string;
  url: string;
  status: number;
  body: string;
}

/**
 * Faults the fuzz suite finds in code other people own (files/, events/, access/, the auth hook):
 * skipped here, exactly, so the suite stays green until they are fixed; each entry names its owner and the fix.
 */
const KNOWN: { todo: string; matches: (a: FuzzAnswer) => boolean }[] = [
  // None today: router errors (bad URL encoding, a path parameter over 100 characters) answer in our shape
  // since the Fastify constructor's frameworkErrors option (http/server-options.ts).
];

export function knownFault(answer: FuzzAnswer): string | undefined {
  return KNOWN.find((k) => k.matches(answer))?.todo;
}
