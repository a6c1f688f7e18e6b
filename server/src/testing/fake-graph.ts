import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Meta's Graph API (WhatsApp Cloud API) for tests: it checks every request our code
 * makes against Meta's documented format (version in the path, bearer token, the JSON of each message type,
 * the multipart fields of a media upload), records it, and answers as Meta does. A request that breaks the
 * format gets Meta's error body and is added to `violations`, which tests assert is empty.
 */

export interface FakeGraphOptions {
  version: string;
  accessToken: string;
  phoneNumberId: string;
  businessAccountId: string;
}

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

type Route = 'messages' | 'media-upload' | 'media-info' | 'media-download' | 'templates' | 'phone-number';

const PHONE_NUMBER_FIELDS = new Set([
  'id',
  'verified_name',
  'display_phone_number',
  'quality_rating',
  'code_verification_status',
  'platform_type',
  'throughput',
  'name_status',
]);

interface StoredMedia {
  bytes: Buffer;
  mime: string;
  /** What the metadata claims (defaults to the real size): lets a test make Graph understate a file. */
  declaredSize: number;
  /** Leave out content-length on the download, so only the byte count can catch an oversize file. */
  chunked: boolean;
}

/** Meta's error body: `{error:{message,type,code,error_subcode,fbtrace_id}}`. */
export function graphError(code: number, message: string, status = 400, extra: Record<string, unknown> = {}): ScriptedResponse {
  return { status, body: { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, ...extra, fbtrace_id: 'AbCdEfFakeTrace' } } };
}

const MESSAGE_TYPES = ['text', 'image', 'document', 'audio', 'video', 'sticker', 'template', 'location', 'contacts', 'interactive', 'reaction'];
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'];
const TOP_LEVEL = new Set(['messaging_product', 'recipient_type', 'to', 'recipient', 'type', 'context', 'biz_opaque_callback_data', ...MESSAGE_TYPES]);
const UPLOAD_TYPES = new Set(
  ['image/jpeg', 'image/png', 'application/pdf', 'text/plain', 'audio/ogg', 'audio/mpeg', 'video/mp4', 'image/webp'].concat(['application/octet-stream']),
);

export class FakeGraph {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  /** What `GET /{phone-number-id}` answers about the number (tests may change it). */
  readonly phoneNumber = { verified_name: 'Jasper’s Market', display_phone_number: '+1 555-078-3881', quality_rating: 'GREEN' };
  /** Approved and other templates the listing serves, in Meta's shape ({name, language, status, components}). */
  templates: Record<string, unknown>[] = [];
  private readonly media = new Map<string, StoredMedia>();
  private readonly uploads = new Map<string, { bytes: Buffer; type: string; name: string }>();
  private readonly scripts = new Map<Route, ScriptedResponse[]>();
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly options: FakeGraphOptions,
  ) {}

  static async start(options: FakeGraphOptions): Promise<FakeGraph> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeGraph(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error: Error) => {
        fake.violations.push(`fake failed: ${error.message}`);
        res.writeHead(500).end();
      });
    });
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests to `route` get these answers, in order (after the request's format was checked). */
  script(route: Route, ...responses: ScriptedResponse[]): void {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...responses]);
  }

  addMedia(id: string, bytes: Buffer, mime: string, options: { declaredSize?: number; chunked?: boolean } = {}): void {
    this.media.set(id, { bytes, mime, declaredSize: options.declaredSize ?? bytes.length, chunked: options.chunked ?? false });
  }

  /** The JSON bodies of every message send (and mark-as-read), in order. */
  get sent(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.json).map((r) => r.json as Record<string, unknown>);
  }

  /** A media file our code uploaded, by the id we answered. */
  uploaded(id: string) {
    return this.uploads.get(id);
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
    const fail = (why: string, answer: ScriptedResponse) => {
      this.violations.push(`${record.method} ${record.path}: ${why}`);
      reply(record, res, answer);
    };

    if (req.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      return fail('missing or wrong bearer token', graphError(190, 'Invalid OAuth access token - Cannot parse access token', 401));
    }
    // The download URL Graph hands out is not a versioned API path (it is on another host at Meta).
    const download = /^\/whatsapp_media\/([0-9]+)$/.exec(url.pathname);
    if (download?.[1] && req.method === 'GET') return this.serveDownload(download[1], record, res);

    const match = /^\/(v[0-9]+\.[0-9]+)\/(.+)$/.exec(url.pathname);
    if (!match) return fail('not a /vNN.N/ path', graphError(100, 'Unknown path components', 400));
    if (match[1] !== this.options.version)
      return fail(`version ${match[1]}, expected ${this.options.version}`, graphError(2635, 'Unexpected API version', 400));
    const rest = match[2] ?? '';
    const { phoneNumberId, businessAccountId } = this.options;

    if (req.method === 'POST' && rest === `${phoneNumberId}/messages`) {
      const json = parseJson(req, body);
      if (typeof json === 'string') return fail(json, graphError(100, 'Invalid parameter'));
      record.json = json;
      const problem = this.checkMessage(json);
      if (problem) return fail(problem, graphError(100, `Invalid parameter: ${problem}`));
      if (this.take('messages', record, res)) return;
      if (json.status === 'read') return reply(record, res, { status: 200, body: { success: true } });
      const input = (json.to ?? json.recipient) as string;
      return reply(record, res, {
        status: 200,
        body: { messaging_product: 'whatsapp', contacts: [{ input, ...(json.to ? { wa_id: input } : { user_id: input }) }], messages: [{ id: this.wamid() }] },
      });
    }
    if (req.method === 'POST' && rest === `${phoneNumberId}/media`) {
      const form = await parseForm(req, body);
      if (typeof form === 'string') return fail(form, graphError(100, 'Invalid parameter'));
      record.form = form;
      const file = form.file;
      if (form.messaging_product !== 'whatsapp')
        return fail('upload without messaging_product=whatsapp', graphError(100, 'The parameter messaging_product is required.'));
      if (typeof file !== 'object' || file.bytes.length === 0) return fail('upload without a file part', graphError(100, 'The parameter file is required.'));
      if (typeof form.type !== 'string' || !UPLOAD_TYPES.has(form.type))
        return fail(`upload type ${String(form.type)}`, graphError(100, 'Param type is not valid'));
      if (this.take('media-upload', record, res)) return;
      const id = this.numericId();
      this.uploads.set(id, { bytes: file.bytes, type: form.type, name: file.name });
      return reply(record, res, { status: 200, body: { id } });
    }
    if (req.method === 'GET' && rest === `${businessAccountId}/message_templates`) return this.serveTemplates(record, res, fail);
    if (req.method === 'GET' && rest === phoneNumberId) {
      // The WhatsApp Business Phone Number node; `fields` picks from its documented fields.
      const fields = (record.query.fields ?? '').split(',');
      if (!fields.every((f) => PHONE_NUMBER_FIELDS.has(f)))
        return fail(`phone number fields ${record.query.fields}`, graphError(100, 'Tried accessing nonexisting field'));
      if (this.take('phone-number', record, res)) return;
      const node: Record<string, unknown> = { id: phoneNumberId, ...this.phoneNumber };
      return reply(record, res, { status: 200, body: Object.fromEntries(Object.entries(node).filter(([k]) => k === 'id' || fields.includes(k))) });
    }
    const mediaInfo = /^([0-9]+)$/.exec(rest);
    if (req.method === 'GET' && mediaInfo?.[1]) {
      if (this.take('media-info', record, res)) return;
      const media = this.media.get(mediaInfo[1]);
      if (!media) return reply(record, res, graphError(100, 'Unsupported get request. Object does not exist', 400, { error_subcode: 33 }));
      return reply(record, res, {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: `${this.url}/whatsapp_media/${mediaInfo[1]}`,
          mime_type: media.mime,
          sha256: createHash('sha256').update(media.bytes).digest('hex'),
          file_size: media.declaredSize,
          id: mediaInfo[1],
        },
      });
    }
    return fail(`no such Graph call: ${req.method} ${url.pathname}`, graphError(100, 'Unsupported request', 400));
  }

  /** Meta's format of `POST /{phone-number-id}/messages`, as far as our code uses it; null when it is right. */
  private checkMessage(json: Record<string, unknown>): string | null {
    if (json.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
    if (json.status !== undefined) {
      const keys = Object.keys(json).sort().join(',');
      if (json.status !== 'read' || typeof json.message_id !== 'string' || keys !== 'message_id,messaging_product,status')
        return 'mark as read is {messaging_product, status:"read", message_id}';
      return null;
    }
    for (const key of Object.keys(json)) if (!TOP_LEVEL.has(key)) return `unknown parameter ${key}`;
    if (typeof json.to !== 'string' && typeof json.recipient !== 'string') return 'to (phone number) or recipient (BSUID) is required';
    if (typeof json.to === 'string' && !/^\+?[0-9]{4,20}$/.test(json.to)) return `to is not a phone number: ${json.to}`;
    if (json.recipient_type !== undefined && json.recipient_type !== 'individual') return 'recipient_type must be "individual"';
    const type = json.type;
    if (typeof type !== 'string' || !MESSAGE_TYPES.includes(type)) return `unknown type ${String(type)}`;
    for (const other of MESSAGE_TYPES) if (other !== type && json[other] !== undefined) return `${other} object on a ${type} message`;
    const object = json[type] as Record<string, unknown> | undefined;
    if (!object || typeof object !== 'object') return `type ${type} needs a ${type} object`;
    if (type === 'text') {
      if (typeof object.body !== 'string' || object.body.length === 0 || [...object.body].length > 4096) return 'text.body must be 1 to 4096 characters';
      if (object.preview_url !== undefined && typeof object.preview_url !== 'boolean') return 'text.preview_url must be a boolean';
      return onlyKeys(object, ['body', 'preview_url'], 'text');
    }
    if (MEDIA_TYPES.includes(type)) {
      if ((object.id === undefined) === (object.link === undefined)) return `${type} needs exactly one of id and link`;
      if (object.id !== undefined && !this.uploads.has(String(object.id))) return `${type}.id ${String(object.id)} was never uploaded`;
      if (object.caption !== undefined && (typeof object.caption !== 'string' || [...object.caption].length > 1024 || ['audio', 'sticker'].includes(type))) {
        return `${type}.caption not allowed or over 1024 characters`;
      }
      const allowed = ['id', 'link', 'caption', ...(type === 'document' ? ['filename'] : [])];
      return onlyKeys(object, allowed, type);
    }
    if (type === 'template') {
      if (typeof object.name !== 'string' || !object.name) return 'template.name is required';
      const language = object.language as Record<string, unknown> | undefined;
      if (typeof language?.code !== 'string') return 'template.language.code is required';
      if (object.components !== undefined) {
        if (!Array.isArray(object.components) || object.components.length === 0) return 'template.components must be a non-empty array when given';
        for (const c of object.components as Record<string, unknown>[]) {
          if (!['header', 'body', 'button'].includes(String(c.type))) return `template component type ${String(c.type)}`;
          if (!Array.isArray(c.parameters) || c.parameters.length === 0) return 'template component without parameters';
          for (const p of c.parameters as Record<string, unknown>[])
            if (p.type !== 'text' || typeof p.text !== 'string' || !p.text) return 'template text parameter needs text';
        }
      }
      return onlyKeys(object, ['name', 'language', 'components'], 'template');
    }
    return null;
  }

  private serveTemplates(record: RecordedRequest, res: ServerResponse, fail: (why: string, answer: ScriptedResponse) => void): void {
    const fields = (record.query.fields ?? '').split(',');
    if (!['name', 'language', 'status', 'components'].every((f) => fields.includes(f)))
      return fail('fields must list name,language,status,components', graphError(100, 'Invalid fields'));
    const limit = Number(record.query.limit ?? '25');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(`limit ${record.query.limit}`, graphError(100, 'Invalid limit'));
    if (this.take('templates', record, res)) return;
    const start = record.query.after ? Number(Buffer.from(record.query.after, 'base64url').toString()) : 0;
    if (!Number.isInteger(start)) return fail('unreadable after cursor', graphError(100, 'Invalid cursor'));
    // The fake pages by its own page size when a test sets one smaller than the limit, to exercise paging.
    const size = Math.min(limit, this.templatePageSize);
    const data = this.templates.slice(start, start + size);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + data.length) } };
    if (start + size < this.templates.length) paging.next = `${this.url}/should-not-be-followed?after=${cursor(start + data.length)}`;
    reply(record, res, { status: 200, body: { data, paging } });
  }

  templatePageSize = 1000;

  private serveDownload(id: string, record: RecordedRequest, res: ServerResponse): void {
    if (this.take('media-download', record, res)) return;
    const media = this.media.get(id);
    if (!media) return reply(record, res, { status: 404, body: '' });
    const headers: Record<string, string> = { 'content-type': media.mime };
    if (!media.chunked) headers['content-length'] = String(media.bytes.length);
    record.status = 200;
    res.writeHead(200, headers);
    res.end(media.bytes);
  }

  private take(route: Route, record: RecordedRequest, res: ServerResponse): boolean {
    const next = this.scripts.get(route)?.shift();
    if (next) reply(record, res, next);
    return next !== undefined;
  }

  private wamid(): string {
    return `wamid.FAKE${String(this.nextId++).padStart(6, '0')}`;
  }

  private numericId(): string {
    return String(randomInt(1e9, 1e10));
  }
}

function onlyKeys(object: Record<string, unknown>, allowed: string[], what: string): string | null {
  const extra = Object.keys(object).filter((k) => !allowed.includes(k));
  return extra.length ? `unknown ${what} parameter ${extra.join(', ')}` : null;
}

export function reply(record: RecordedRequest, res: ServerResponse, answer: ScriptedResponse): void {
  record.status = answer.status;
  record.response = answer.body;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
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

/** A WhatsApp account whose settings and secrets match this fake's expectations. */
export function fakeWhatsAppAccount(fake: FakeGraph, secrets: { appSecret?: string; verifyToken?: string } = {}) {
  return {
    id: 7,
    type: 'whatsapp' as const,
    name: 'Support WhatsApp',
    key: 'wa-key-1',
    settings: {
      phoneNumberId: fake.options.phoneNumberId,
      businessAccountId: fake.options.businessAccountId,
      displayPhoneNumber: '+1 555 078 3881',
      graphVersion: fake.options.version,
      templates: [],
    },
    secrets: { accessToken: fake.options.accessToken, appSecret: secrets.appSecret ?? 'app-secret-1', verifyToken: secrets.verifyToken ?? 'verify-token-1' },
  };
}

export const FAKE_GRAPH_DEFAULTS: FakeGraphOptions = {
  version: 'v23.0',
  accessToken: 'EAAtoken123',
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
};
