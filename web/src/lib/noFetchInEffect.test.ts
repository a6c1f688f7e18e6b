import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A request to the server: the API client, fetch, or a feature's request helpers. */
const REQUEST = /\bapi(<[^>]*>)?\(|\bfetch\(|\btemplatesApi\.|\bPromise\.all\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });
}

/** The text of each `useEffect(…)` call's arguments, by matching its parentheses. */
export function effectBodies(source: string): string[] {
  const bodies: string[] = [];
  for (const match of source.matchAll(/\buseEffect\(/g)) {
    const start = (match.index ?? 0) + match[0].length;
    let depth = 1;
    let i = start;
    while (i < source.length && depth > 0) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
      i++;
    }
    bodies.push(source.slice(start, i - 1));
  }
  return bodies;
}

/**
 * Server state is read with TanStack Query (cached, deduplicated, refetched after a reconnect), never
 * fetched by hand in an effect: this finds an effect that sends a request.
 */
describe('the web client reads server state through queries', () => {
  it('finds the requests in an effect', () => {
    expect(effectBodies("useEffect(() => { api<X>('GET', '/a').then(set); }, []);").some((b) => REQUEST.test(b))).toBe(true);
    expect(effectBodies('useEffect(() => setPresences(team.data), [team.data]);').some((b) => REQUEST.test(b))).toBe(false);
  });

  it('has no effect that fetches', () => {
    const offenders = sources(SRC).filter((file) => effectBodies(readFileSync(file, 'utf8')).some((body) => REQUEST.test(body)));
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});
