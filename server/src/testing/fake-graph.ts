import { createHash, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Fail,
  FakeMetaApi,
  graphError,
  graphPath,
  onlyKeys,
  parseForm,
  parseJson,
  pickFields,
  type RecordedRequest,
  reply,
  serveBytes,
} from './fake-meta.js';

/**
 * A local stand-in for Meta's Graph API (WhatsApp Cloud API) for tests: it checks every request our code
 * makes against Meta's documented format (version in the path, bearer token, the JSON of each message type,
 * the multipart fields of a media upload), records it, and answers as Meta does (see fake-meta.ts).
 */

export interface FakeGraphOptions {
  version: string;
  accessToken: string;
  phoneNumberId: string;
  businessAccountId: string;
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

const MESSAGE_TYPES = ['text', 'image', 'document', 'audio', 'video', 'sticker', 'template', 'location', 'contacts', 'interactive', 'reaction'];
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'];
const TOP_LEVEL = new Set(['messaging_product', 'recipient_type', 'to', 'recipient', 'type', 'context', 'biz_opaque_callback_data', ...MESSAGE_TYPES]);
const UPLOAD_TYPES = new Set(
  ['image/jpeg', 'image/png', 'application/pdf', 'text/plain', 'audio/ogg', 'audio/mpeg', 'video/mp4', 'image/webp'].concat(['application/octet-stream']),
);

export class FakeGraph extends FakeMetaApi<Route> {
  /** What `GET /{phone-number-id}` answers about the number (tests may change it). */
  readonly phoneNumber = { verified_name: 'Jasper’s Market', display_phone_number: '+1 555-078-3881', quality_rating: 'GREEN' };
  /** Approved and other templates the listing serves, in Meta's shape ({name, language, status, components}). */
  templates: Record<string, unknown>[] = [];
  /** The fake pages by its own page size when a test sets one smaller than the limit, to exercise paging. */
  templatePageSize = 1000;
  private readonly media = new Map<string, StoredMedia>();
  private readonly uploads = new Map<string, { bytes: Buffer; type: string; name: string }>();
  private nextId = 1;

  private constructor(readonly options: FakeGraphOptions) {
    super();
  }

  static start(options: FakeGraphOptions): Promise<FakeGraph> {
    return new FakeGraph(options).listen();
  }

  addMedia(id: string, bytes: Buffer, mime: string, options: { declaredSize?: number; chunked?: boolean } = {}): void {
    this.media.set(id, { bytes, mime, declaredSize: options.declaredSize ?? bytes.length, chunked: options.chunked ?? false });
  }

  /** A media file our code uploaded, by the id we answered. */
  uploaded(id: string) {
    return this.uploads.get(id);
  }

  protected async route(req: IncomingMessage, url: URL, body: Buffer, record: RecordedRequest, res: ServerResponse, fail: Fail): Promise<void> {
    if (req.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      return fail('missing or wrong bearer token', graphError(190, 'Invalid OAuth access token - Cannot parse access token', 401));
    }
    // The download URL Graph hands out is not a versioned API path (it is on another host at Meta).
    const download = /^\/whatsapp_media\/([0-9]+)$/.exec(url.pathname);
    if (download?.[1] && req.method === 'GET') return this.serveDownload(download[1], record, res);

    const rest = graphPath(url, this.options.version, fail);
    if (rest === null) return;
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
      return reply(record, res, { status: 200, body: pickFields(node, fields) });
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

  private serveTemplates(record: RecordedRequest, res: ServerResponse, fail: Fail): void {
    const fields = (record.query.fields ?? '').split(',');
    if (!['name', 'language', 'status', 'components'].every((f) => fields.includes(f)))
      return fail('fields must list name,language,status,components', graphError(100, 'Invalid fields'));
    const limit = Number(record.query.limit ?? '25');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(`limit ${record.query.limit}`, graphError(100, 'Invalid limit'));
    if (this.take('templates', record, res)) return;
    const start = record.query.after ? Number(Buffer.from(record.query.after, 'base64url').toString()) : 0;
    if (!Number.isInteger(start)) return fail('unreadable after cursor', graphError(100, 'Invalid cursor'));
    const size = Math.min(limit, this.templatePageSize);
    const data = this.templates.slice(start, start + size);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + data.length) } };
    if (start + size < this.templates.length) paging.next = `${this.url}/should-not-be-followed?after=${cursor(start + data.length)}`;
    reply(record, res, { status: 200, body: { data, paging } });
  }

  private serveDownload(id: string, record: RecordedRequest, res: ServerResponse): void {
    if (this.take('media-download', record, res)) return;
    const media = this.media.get(id);
    if (!media) return reply(record, res, { status: 404, body: '' });
    const headers: Record<string, string> = { 'content-type': media.mime };
    if (!media.chunked) headers['content-length'] = String(media.bytes.length);
    serveBytes(record, res, media.bytes, headers);
  }

  private wamid(): string {
    return `wamid.FAKE${String(this.nextId++).padStart(6, '0')}`;
  }

  private numericId(): string {
    return String(randomInt(1e9, 1e10));
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
