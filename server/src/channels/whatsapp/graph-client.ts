import { Readable } from 'node:stream';

/** Meta's Graph API; config's META_GRAPH_URL overrides it (tests point it at testing/fake-graph.ts). */
export const META_GRAPH_URL_DEFAULT = 'https://graph.facebook.com';

/**
 * Graph error codes that mean "too many requests, later": 4 app, 80007 WABA, 130429 throughput, 131056 pair
 * rate; Messenger's 32 page and 613 call rate limits.
 */
const RATE_LIMIT_CODES = new Set([4, 32, 613, 80007, 130429, 131056]);
/** Codes Meta documents as temporary: 2 service, 131016 service unavailable, 133004 server unavailable. */
const TRANSIENT_CODES = new Set([2, 131016, 133004]);
/** Graph answers are small JSON; a larger one is not an answer we understand. */
const MAX_JSON_BYTES = 1024 * 1024;
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export type GraphFailure = { ok: false; retry: boolean; code: string; message: string; retryAfterMs?: number };
export type GraphResult = { ok: true; data: unknown } | GraphFailure;

export interface GraphClientOptions {
  baseUrl: string;
  /** The account's Graph version, e.g. v23.0. */
  version: string;
  accessToken: string;
  timeoutMs: number;
}

/** Thrown where a call cannot return a result (media downloads, mark-as-read); carries the classified failure. */
export class GraphError extends Error {
  constructor(readonly failure: GraphFailure) {
    super(`Graph: ${failure.message} (${failure.code})`);
  }
}

/**
 * A small fetch-based Graph API client for one account: its version in every path, its token as a bearer
 * header, a timeout on every call, and every outcome classified as a send result: rate limits, 5xx and
 * network errors are retried (after Retry-After when given); any other refusal fails with Meta's code.
 */
export class GraphClient {
  private readonly base: string;

  constructor(private readonly options: GraphClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Graph URL must be http(s): ${options.baseUrl}`);
    // The version goes into every path; refuse anything but vNN.N rather than build odd URLs with it.
    if (!/^v[0-9]{1,3}\.[0-9]{1,2}$/.test(options.version)) throw new Error(`Not a Graph API version: ${options.version}`);
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}/${options.version}`;
  }

  /** The URL of a Graph path; each segment must be an id or a name, so no value can change the path. */
  url(segments: string[], query: Record<string, string> = {}): string {
    for (const s of segments) if (!/^[A-Za-z0-9_-]{1,128}$/.test(s)) throw new Error(`Not a Graph path segment: ${JSON.stringify(s)}`);
    const search = new URLSearchParams(query).toString();
    return `${this.base}/${segments.join('/')}${search ? `?${search}` : ''}`;
  }

  get(segments: string[], query?: Record<string, string>): Promise<GraphResult> {
    return this.call(this.url(segments, query), { method: 'GET' });
  }

  postJson(segments: string[], body: unknown): Promise<GraphResult> {
    return this.call(this.url(segments), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  postForm(segments: string[], form: FormData): Promise<GraphResult> {
    return this.call(this.url(segments), { method: 'POST', body: form });
  }

  /**
   * Streams a media file from the URL Graph gave for it (which needs the same token), refusing it when it
   * says or turns out to be larger than `maxBytes`. The stream errors on a short or over-long body.
   */
  download(url: string, maxBytes: number, timeoutMs: number): Promise<Readable> {
    return downloadBounded(url, this.headers(), maxBytes, timeoutMs);
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.accessToken}` };
  }

  private async call(url: string, init: RequestInit): Promise<GraphResult> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { ...this.headers(), ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        // Graph does not redirect API calls; following one would send the token elsewhere, so a 3xx
        // is taken as the refusal it is.
        redirect: 'manual',
      });
    } catch (error) {
      return networkFailure(error);
    }
    if (!res.ok) return classify(res);
    try {
      return { ok: true, data: JSON.parse(await readText(res)) };
    } catch (error) {
      // The request was taken (2xx) but the answer is unreadable: retrying could send twice, so fail.
      return { ok: false, retry: false, code: 'BAD_RESPONSE', message: `Unreadable answer from Graph: ${(error as Error).message}` };
    }
  }
}

/**
 * Streams a file from `url` (with `headers`), refusing it when it says or turns out to be larger than
 * `maxBytes`; the stream errors on an over-long body. Messenger's attachment URLs need no token at all.
 */
export async function downloadBounded(url: string, headers: Record<string, string>, maxBytes: number, timeoutMs: number): Promise<Readable> {
  let res: Response;
  try {
    // The media host may redirect; fetch drops the Authorization header on a redirect to another origin.
    res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new GraphError(networkFailure(error));
  }
  if (!res.ok || !res.body) throw new GraphError(await classify(res));
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw new GraphError({ ok: false, retry: false, code: 'MEDIA_TOO_LARGE', message: `The file is larger than ${maxBytes} bytes` });
  }
  return Readable.from(limitBytes(maxBytes)(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)), { objectMode: false });
}

function networkFailure(error: unknown): GraphFailure {
  const name = (error as Error)?.name;
  const timeout = name === 'TimeoutError' || name === 'AbortError';
  return {
    ok: false,
    retry: true,
    code: timeout ? 'TIMEOUT' : 'NETWORK',
    message: timeout ? 'Graph did not answer in time' : `Graph unreachable: ${(error as Error)?.message}`,
  };
}

/** Turns a non-2xx Graph answer (`{error:{message,type,code,error_subcode,fbtrace_id}}`) into a failure. */
export async function classify(res: Response): Promise<GraphFailure> {
  let error: { message?: unknown; code?: unknown; error_user_title?: unknown; error_data?: { details?: unknown } } | undefined;
  try {
    error = (JSON.parse(await readText(res)) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const text = typeof error?.message === 'string' && error.message ? error.message : `HTTP ${res.status}`;
  // Meta prefixes messages with "(#131047) "; the code is kept apart, so the text reads alone.
  const message = text.replace(/^\(#\d+\)\s*/, '');
  const retry = res.status === 429 || res.status >= 500 || (code !== undefined && (RATE_LIMIT_CODES.has(code) || TRANSIENT_CODES.has(code)));
  const failure: GraphFailure = { ok: false, retry, code: code !== undefined ? String(code) : `HTTP_${res.status}`, message };
  const after = retryAfterMs(res.headers.get('retry-after'));
  if (retry && after !== undefined) failure.retryAfterMs = after;
  return failure;
}

/** Retry-After as seconds or an HTTP date, capped at an hour. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^[0-9]+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

async function readText(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await reader.cancel();
      throw new Error('answer too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Passes bytes through until more than `max` have come, then errors the stream. */
function limitBytes(max: number) {
  return async function* (source: AsyncIterable<Buffer>) {
    let size = 0;
    for await (const chunk of source) {
      size += chunk.length;
      if (size > max) throw new GraphError({ ok: false, retry: false, code: 'MEDIA_TOO_LARGE', message: `The file is larger than ${max} bytes` });
      yield chunk;
    }
  };
}
