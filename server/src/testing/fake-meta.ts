import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the local stand-ins for Meta's Graph API (WhatsApp Cloud API: fake-graph.ts, Messenger Platform:
 * fake-messenger.ts) share: a server on a free port that records every request, checks it against Meta's
 * documented format, answers a request that breaks it with Meta's error body (adding it to `violations`,
 * which tests assert is empty), and lets a test script the next answers of a route.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  json?: Record<string, unknown>;
  form?: Record<string, string | { name: string; type: string; bytes: Buffer }>;
  /** What the fake answered. */
  status?: number;
  response?: unknown;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers a request with `answer` after its format checks fail, and records why. */
export type Fail = (why: string, answer: ScriptedResponse) => void;

/** Meta's error body: `{error:{message,type,code,error_subcode,fbtrace_id}}`. */
export function graphError(code: number, message: string, status = 400, extra: Record<string, unknown> = {}): ScriptedResponse {
  return { status, body: { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, ...extra, fbtrace_id: 'AbCdEfFakeTrace' } } };
}

export abstract class FakeMetaApi<Route extends string> {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  /** http://127.0.0.1:port once started. */
  url = '';
  private readonly server: Server = createServer();
  private readonly scripts = new Map<Route, ScriptedResponse[]>();

  /** Answers one recorded request (its body read, its path in `url`); `fail` for a request that breaks Meta's format. */
  protected abstract route(req: IncomingMessage, url: URL, body: Buffer, record: RecordedRequest, res: ServerResponse, fail: Fail): Promise<void> | void;

  protected async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('request', (req, res) => {
      this.handle(req, res).catch((error: Error) => {
        this.violations.push(`fake failed: ${error.message}`);
        res.writeHead(500).end();
      });
    });
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests to `route` get these answers, in order (after the request's format was checked). */
  script(route: Route, ...responses: ScriptedResponse[]): void {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...responses]);
  }

  /** The JSON bodies of every POST to a `/messages` edge, in order. */
  get sent(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.json).map((r) => r.json as Record<string, unknown>);
  }

  /** Answers with the next scripted response of `route`, if a test scripted one. */
  protected take(route: Route, record: RecordedRequest, res: ServerResponse): boolean {
    const next = this.scripts.get(route)?.shift();
    if (next) reply(record, res, next);
    return next !== undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    const fail: Fail = (why, answer) => {
      this.violations.push(`${record.method} ${record.path}: ${why}`);
      reply(record, res, answer);
    };
    await this.route(req, url, body, record, res, fail);
  }
}

export function reply(record: RecordedRequest, res: ServerResponse, answer: ScriptedResponse): void {
  record.status = answer.status;
  record.response = answer.body;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(text);
}

/** Serves a file's bytes (a media download, a CDN attachment), recorded as a 200. */
export function serveBytes(record: RecordedRequest, res: ServerResponse, bytes: Buffer, headers: Record<string, string>): void {
  record.status = 200;
  res.writeHead(200, headers);
  res.end(bytes);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseJson(req: IncomingMessage, body: Buffer): Record<string, unknown> | string {
  if (!req.headers['content-type']?.startsWith('application/json')) return `content-type ${req.headers['content-type']}, expected application/json`;
  try {
    const json = JSON.parse(body.toString('utf8')) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : 'body is not a JSON object';
  } catch {
    return 'body is not JSON';
  }
}

export async function parseForm(req: IncomingMessage, body: Buffer): Promise<NonNullable<RecordedRequest['form']> | string> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return `content-type ${type}, expected multipart/form-data`;
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    const out: NonNullable<RecordedRequest['form']> = {};
    for (const [key, value] of form.entries()) {
      out[key] = typeof value === 'string' ? value : { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
    return out;
  } catch {
    return 'unreadable multipart body';
  }
}

/** Null when `object` has only `allowed` keys; else what Meta would call the unknown parameters. */
export function onlyKeys(object: Record<string, unknown>, allowed: string[], what: string): string | null {
  const extra = Object.keys(object).filter((k) => !allowed.includes(k));
  return extra.length ? `unknown ${what} parameter ${extra.join(', ')}` : null;
}

/** The `/vNN.N/` prefix every Graph call carries, checked against the version the fake speaks; the rest of the path, or null after `fail`. */
export function graphPath(url: URL, version: string, fail: Fail): string | null {
  const match = /^\/(v[0-9]+\.[0-9]+)\/(.+)$/.exec(url.pathname);
  if (!match) {
    fail('not a /vNN.N/ path', graphError(100, 'Unknown path components', 400));
    return null;
  }
  if (match[1] !== version) {
    fail(`version ${match[1]}, expected ${version}`, graphError(2635, 'Unexpected API version', 400));
    return null;
  }
  return match[2] ?? '';
}

/** Answers a node's `fields` as Graph does: the `id` always, the others only when asked for. */
export function pickFields(node: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([k]) => k === 'id' || fields.includes(k)));
}
