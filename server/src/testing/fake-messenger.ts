import { randomBytes, randomInt } from 'node:crypto';
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
 * A local stand-in for the Messenger Platform on Meta's Graph API: the Send API, the Attachment Upload API,
 * the User Profile API and the CDN that serves customers' attachments. It checks every request against
 * Meta's documented format (version in the path, the page access token, the JSON of a send, the multipart
 * fields of an upload, the 24-hour rule), records it, and answers as Meta does. A request that breaks the
 * format gets Meta's error body and is added to `violations`, which tests assert is empty.
 */

export interface FakeMessengerOptions {
  version: string;
  pageAccessToken: string;
  pageId: string;
}

export const FAKE_MESSENGER_DEFAULTS: FakeMessengerOptions = { version: 'v23.0', pageAccessToken: 'EAAGpagetoken456', pageId: '108726457286512' };

type Route = 'messages' | 'attachment-upload' | 'profile' | 'page';

const HOUR = 60 * 60 * 1000;
const SEND_KEYS = new Set(['recipient', 'messaging_type', 'tag', 'message', 'notification_type', 'persona_id']);
const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const TAGS = new Set(['HUMAN_AGENT', 'ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'CUSTOMER_FEEDBACK']);
const ATTACHMENT_TYPES = new Set(['image', 'video', 'audio', 'file']);
const PAGE_FIELDS = new Set(['id', 'name', 'username', 'category', 'link', 'fan_count']);
const PROFILE_FIELDS = new Set(['first_name', 'last_name', 'profile_pic', 'locale', 'timezone', 'gender', 'name']);

export class FakeMessenger extends FakeMetaApi<Route> {
  /** What `GET /{page-id}` answers as the Page's name. */
  pageName = 'Jasper’s Market';
  /** Profiles the User Profile API answers, by PSID; others are refused as Meta refuses them. */
  readonly profiles = new Map<string, { first_name: string; last_name: string }>();
  /** When each customer last wrote (tests tell it, as Meta knows it): the 24-hour and 7-day rules are enforced from it. */
  readonly lastInbound = new Map<string, number>();
  private readonly uploads = new Map<string, { type: string; name: string; mime: string; bytes: Buffer }>();
  private readonly cdn = new Map<string, { bytes: Buffer; mime: string }>();

  private constructor(readonly options: FakeMessengerOptions) {
    super();
  }

  static start(options: FakeMessengerOptions = FAKE_MESSENGER_DEFAULTS): Promise<FakeMessenger> {
    return new FakeMessenger(options).listen();
  }

  /** Puts a customer's attachment on the fake CDN; answers the URL a webhook carries for it. */
  addAttachment(name: string, bytes: Buffer, mime: string): string {
    const id = String(randomInt(1e9, 1e10));
    this.cdn.set(id, { bytes, mime });
    return `${this.url}/cdn/${id}/${encodeURIComponent(name)}?_nc_oh=signed`;
  }

  /** How often the profile of this PSID was asked for. */
  profileLookups(psid: string): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/${psid}`)).length;
  }

  uploaded(attachmentId: string) {
    return this.uploads.get(attachmentId);
  }

  protected async route(req: IncomingMessage, url: URL, body: Buffer, record: RecordedRequest, res: ServerResponse, fail: Fail): Promise<void> {
    const cdn = /^\/cdn\/([0-9]+)\/[^/]+$/.exec(url.pathname);
    if (cdn?.[1] && req.method === 'GET') {
      // Attachment links are signed CDN URLs: a page token sent there would leak it to a file host.
      if (req.headers.authorization) return fail('a token was sent to the attachment CDN', { status: 400, body: '' });
      const file = this.cdn.get(cdn[1]);
      if (!file) return reply(record, res, { status: 404, body: '' });
      return serveBytes(record, res, file.bytes, { 'content-type': file.mime, 'content-length': String(file.bytes.length) });
    }

    const token =
      req.headers.authorization === `Bearer ${this.options.pageAccessToken}` || url.searchParams.get('access_token') === this.options.pageAccessToken;
    if (!token) return fail('missing or wrong page access token', graphError(190, 'Invalid OAuth access token - Cannot parse access token', 401));
    const rest = graphPath(url, this.options.version, fail);
    if (rest === null) return;
    const page = this.options.pageId;

    if (req.method === 'POST' && (rest === `${page}/messages` || rest === 'me/messages')) {
      const json = parseJson(req, body);
      if (typeof json === 'string') return fail(json, graphError(100, 'Invalid parameter'));
      record.json = json;
      const problem = this.checkSend(json);
      if (problem) return fail(problem, graphError(100, `Invalid parameter: ${problem}`));
      const windowProblem = this.checkWindow(json);
      if (windowProblem) return fail(windowProblem, graphError(10, 'This message is sent outside of allowed window.', 400, { error_subcode: 2018278 }));
      if (this.take('messages', record, res)) return;
      const recipient = (json.recipient as { id: string }).id;
      return reply(record, res, { status: 200, body: { recipient_id: recipient, message_id: `m_${randomBytes(24).toString('base64url')}` } });
    }
    if (req.method === 'POST' && (rest === `${page}/message_attachments` || rest === 'me/message_attachments')) {
      const form = await parseForm(req, body);
      if (typeof form === 'string') return fail(form, graphError(100, 'Invalid parameter'));
      record.form = form;
      const problem = checkUpload(form);
      if (problem) return fail(problem, graphError(100, `Invalid parameter: ${problem}`));
      if (this.take('attachment-upload', record, res)) return;
      const id = `${randomInt(1e7, 1e8)}${randomInt(1e7, 1e8)}`;
      const file = form.filedata as { name: string; type: string; bytes: Buffer };
      const type = (JSON.parse(form.message as string) as { attachment: { type: string } }).attachment.type;
      this.uploads.set(id, { type, name: file.name, mime: file.type, bytes: file.bytes });
      return reply(record, res, { status: 200, body: { attachment_id: id } });
    }
    if (req.method === 'GET' && rest === page) {
      // The Page node; `fields` picks from its documented fields.
      const fields = (record.query.fields ?? '').split(',');
      if (!fields.every((f) => PAGE_FIELDS.has(f))) return fail(`page fields ${record.query.fields}`, graphError(100, 'Tried accessing nonexisting field'));
      if (this.take('page', record, res)) return;
      const node: Record<string, unknown> = { id: page, name: this.pageName, category: 'Shopping & retail' };
      return reply(record, res, { status: 200, body: pickFields(node, fields) });
    }
    const profile = /^([0-9]+)$/.exec(rest);
    if (req.method === 'GET' && profile?.[1]) {
      const fields = (record.query.fields ?? '').split(',');
      if (!fields.every((f) => PROFILE_FIELDS.has(f)) || !fields.includes('first_name'))
        return fail(`profile fields ${record.query.fields}`, graphError(100, 'Tried accessing nonexisting field'));
      if (this.take('profile', record, res)) return;
      const person = this.profiles.get(profile[1]);
      if (!person) return reply(record, res, graphError(100, 'Unsupported get request. Object does not exist', 400, { error_subcode: 33 }));
      return reply(record, res, { status: 200, body: { ...person, profile_pic: `${this.url}/cdn/1/pic.jpg`, id: profile[1] } });
    }
    return fail(`no such Graph call: ${req.method} ${url.pathname}`, graphError(100, 'Unsupported request'));
  }

  /** The Send API's format, as far as our code uses it; null when it is right. */
  private checkSend(json: Record<string, unknown>): string | null {
    for (const key of Object.keys(json)) if (!SEND_KEYS.has(key)) return `unknown parameter ${key}`;
    const recipient = json.recipient as Record<string, unknown> | undefined;
    if (!recipient || typeof recipient.id !== 'string' || !/^[0-9]+$/.test(recipient.id) || Object.keys(recipient).length !== 1)
      return 'recipient must be {id: <PSID>}';
    if (typeof json.messaging_type !== 'string' || !MESSAGING_TYPES.has(json.messaging_type)) return `messaging_type ${String(json.messaging_type)}`;
    if ((json.messaging_type === 'MESSAGE_TAG') !== (json.tag !== undefined)) return 'tag is required with MESSAGE_TAG and only then';
    if (json.tag !== undefined && !TAGS.has(String(json.tag))) return `unknown tag ${String(json.tag)}`;
    const message = json.message as Record<string, unknown> | undefined;
    if (!message || typeof message !== 'object') return 'message is required';
    if ((message.text === undefined) === (message.attachment === undefined)) return 'message needs exactly one of text and attachment';
    if (message.text !== undefined) {
      if (typeof message.text !== 'string' || message.text.length === 0 || [...message.text].length > 2000) return 'message.text must be 1 to 2000 characters';
      return onlyKeys(message, ['text', 'quick_replies', 'metadata'], 'message');
    }
    const attachment = message.attachment as Record<string, unknown>;
    if (!ATTACHMENT_TYPES.has(String(attachment?.type))) return `attachment type ${String(attachment?.type)}`;
    const payload = attachment.payload as Record<string, unknown> | undefined;
    if (!payload) return 'attachment.payload is required';
    if ((payload.url === undefined) === (payload.attachment_id === undefined)) return 'attachment.payload needs exactly one of url and attachment_id';
    if (payload.attachment_id !== undefined) {
      const uploaded = this.uploads.get(String(payload.attachment_id));
      if (!uploaded) return `attachment_id ${String(payload.attachment_id)} was never uploaded`;
      if (uploaded.type !== attachment.type) return `attachment_id uploaded as ${uploaded.type}, sent as ${String(attachment.type)}`;
    }
    return onlyKeys(payload, ['url', 'attachment_id', 'is_reusable'], 'attachment.payload');
  }

  /** Meta's rule: RESPONSE within 24 hours of the customer's last message, HUMAN_AGENT within 7 days. */
  private checkWindow(json: Record<string, unknown>): string | null {
    const last = this.lastInbound.get((json.recipient as { id: string }).id);
    if (last === undefined) return null;
    const since = Date.now() - last;
    if (json.messaging_type === 'RESPONSE' && since > 24 * HOUR) return 'RESPONSE more than 24 hours after the customer last wrote';
    if (json.tag === 'HUMAN_AGENT' && since > 7 * 24 * HOUR) return 'HUMAN_AGENT more than 7 days after the customer last wrote';
    return null;
  }
}

/** The Attachment Upload API from a file: `message` = {"attachment":{"type","payload":{"is_reusable"}}}, `filedata` = the file. */
function checkUpload(form: NonNullable<RecordedRequest['form']>): string | null {
  if (typeof form.message !== 'string') return 'message field is required';
  let message: { attachment?: { type?: unknown; payload?: Record<string, unknown> } };
  try {
    message = JSON.parse(form.message) as typeof message;
  } catch {
    return 'message field is not JSON';
  }
  if (!ATTACHMENT_TYPES.has(String(message.attachment?.type))) return `upload type ${String(message.attachment?.type)}`;
  const payload = message.attachment?.payload;
  if (!payload || typeof payload.is_reusable !== 'boolean' || payload.url !== undefined) return 'an upload from a file has payload {is_reusable} only';
  const file = form.filedata;
  if (typeof file !== 'object' || file.bytes.length === 0) return 'filedata file part is required';
  if (message.attachment?.type === 'audio' && !file.type.startsWith('audio/')) return 'audio needs an audio/* content type';
  return null;
}
