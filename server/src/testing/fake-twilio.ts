import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's REST API (Messages resource) and its MMS media hosting, for tests. It
 * checks every request our code makes against Twilio's documented format (path with the account SID,
 * HTTP Basic auth, the form fields of "Create a Message"), fetches each MediaUrl as Twilio does before
 * sending (recording the bytes), and answers in Twilio's JSON. A request that breaks the format gets
 * Twilio's error body and is added to `violations`, which tests assert is empty.
 */

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** The numbers the account owns: `From` must be one of them. */
  numbers: string[];
  messagingServiceSid?: string;
  apiKey?: { sid: string; secret: string };
}

export interface SentSms {
  sid: string;
  /** Who authenticated the request: the account SID or an API key SID. */
  username: string;
  form: Record<string, string>;
  mediaUrls: string[];
  /** What each MediaUrl served when the fake fetched it (status and bytes). */
  media: { url: string; status: number; type: string; bytes: Buffer }[];
}

export interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Twilio's error body: `{code, message, more_info, status}`. */
export function twilioError(code: number, message: string, status = 400): ScriptedAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

const CREATE_FIELDS = new Set([
  'To',
  'From',
  'MessagingServiceSid',
  'Body',
  'MediaUrl',
  'StatusCallback',
  'ApplicationSid',
  'MaxPrice',
  'ProvideFeedback',
  'ValidityPeriod',
]);
const E164 = /^\+[1-9][0-9]{6,14}$/;

export class FakeTwilio {
  readonly sent: SentSms[] = [];
  /** Every GET to the API (account and number lookups, media), with who authenticated it. */
  readonly reads: { path: string; username: string }[] = [];
  readonly violations: string[] = [];
  /** What the Account resource says of the account (tests may suspend it). */
  friendlyName = 'Jasper’s Market SMS';
  status: 'active' | 'suspended' | 'closed' = 'active';
  /** Requests to the media host that carried credentials (they must stay on Twilio's API host). */
  readonly mediaHostAuth: string[] = [];
  private readonly scripts: ScriptedAnswer[] = [];
  private readonly media = new Map<string, { bytes: Buffer; type: string }>();

  private constructor(
    private readonly api: Server,
    private readonly mediaHost: Server,
    readonly url: string,
    readonly mediaHostUrl: string,
    readonly options: FakeTwilioOptions,
  ) {}

  static async start(options: FakeTwilioOptions): Promise<FakeTwilio> {
    const listen = async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const [api, host] = [await listen(), await listen()];
    const fake = new FakeTwilio(api.server, host.server, api.url, host.url, options);
    const guard = (handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) =>
      handle(req, res).catch((error: Error) => {
        fake.violations.push(`fake failed: ${error.message}`);
        res.writeHead(500).end();
      });
    api.server.on(
      'request',
      guard((req, res) => fake.handleApi(req, res)),
    );
    host.server.on(
      'request',
      guard((req, res) => fake.handleMediaHost(req, res)),
    );
    return fake;
  }

  async close(): Promise<void> {
    await Promise.all([this.api, this.mediaHost].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  /** The next sends get these answers, in order (after the request's format was checked). */
  script(...answers: ScriptedAnswer[]): void {
    this.scripts.push(...answers);
  }

  /** An MMS media file a customer sent: its URL on Twilio's API, as an incoming webhook's MediaUrlN. */
  addMedia(bytes: Buffer, type: string): string {
    const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${sid('MM')}/Media/${sid('ME')}`;
    this.media.set(path, { bytes, type });
    return `${this.url}${path}`;
  }

  private basicOk(header: string | undefined): boolean {
    const { accountSid, authToken, apiKey } = this.options;
    const allowed = [`${accountSid}:${authToken}`, ...(apiKey ? [`${apiKey.sid}:${apiKey.secret}`] : [])];
    return allowed.some((pair) => header === `Basic ${Buffer.from(pair).toString('base64')}`);
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const label = `${req.method} ${url.pathname}`;
    const fail = (why: string, answer: ScriptedAnswer) => {
      this.violations.push(`${label}: ${why}`);
      send(res, answer);
    };
    if (!this.basicOk(req.headers.authorization)) return fail('missing or wrong HTTP Basic auth', twilioError(20003, 'Authenticate', 401));

    // Media of an incoming MMS: Twilio redirects to its media host (a signed URL there needs no auth).
    const media = this.media.get(url.pathname);
    if (req.method === 'GET' && media) {
      res.writeHead(307, { location: `${this.mediaHostUrl}/media${url.pathname}` }).end();
      return;
    }
    const account = `/2010-04-01/Accounts/${this.options.accountSid}`;
    if (req.method === 'GET') this.reads.push({ path: url.pathname, username: usernameOf(req) });
    if (req.method === 'GET' && url.pathname === `${account}.json`) return send(res, { status: 200, body: this.accountResource() });
    if (req.method === 'GET' && url.pathname === `${account}/IncomingPhoneNumbers.json`) {
      const unknown = [...url.searchParams.keys()].filter(
        (k) => !['PageSize', 'Page', 'PageToken', 'PhoneNumber', 'FriendlyName', 'Beta', 'Origin'].includes(k),
      );
      if (unknown.length) return fail(`unknown list parameters ${unknown.join(', ')}`, twilioError(20001, 'Invalid parameter', 400));
      return send(res, { status: 200, body: this.numbersPage(Number(url.searchParams.get('PageSize') ?? 50)) });
    }
    const messages = `${account}/Messages.json`;
    if (req.method !== 'POST' || url.pathname !== messages) return fail('not the Messages resource of this account', twilioError(20404, 'Not found', 404));
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return fail('not form-encoded', twilioError(21609, 'Invalid content type', 400));

    const params = new URLSearchParams(body.toString('utf8'));
    const form: Record<string, string> = {};
    for (const [name, value] of params) if (name !== 'MediaUrl') form[name] = value;
    const mediaUrls = params.getAll('MediaUrl');
    const unknown = [...params.keys()].filter((k) => !CREATE_FIELDS.has(k));
    if (unknown.length) return fail(`unknown parameters ${unknown.join(', ')}`, twilioError(21603, 'Unknown parameter', 400));
    if (!E164.test(form.To ?? '')) return fail(`To ${form.To} is not E.164`, twilioError(21211, `The 'To' number ${form.To} is not a valid phone number.`));
    const sender = form.MessagingServiceSid
      ? form.MessagingServiceSid === this.options.messagingServiceSid
      : form.From !== undefined && this.options.numbers.includes(form.From);
    if (!sender)
      return fail(
        `From ${form.From} / MessagingServiceSid ${form.MessagingServiceSid} is not the account's`,
        twilioError(21606, 'The From phone number is not a valid, SMS-capable inbound phone number or short code for your account.'),
      );
    if (!form.Body && mediaUrls.length === 0) return fail('neither Body nor MediaUrl', twilioError(21602, 'Message body is required.'));
    if ((form.Body ?? '').length > 1600)
      return fail('Body longer than 1600', twilioError(21617, 'The concatenated message body exceeds the 1600 character limit.'));
    if (mediaUrls.length > 10) return fail('more than 10 MediaUrl', twilioError(21623, 'Number of media files exceeds allowed limit.'));
    if (!form.StatusCallback || !/^https?:\/\//.test(form.StatusCallback)) return fail('no StatusCallback URL', twilioError(21609, 'Invalid StatusCallback'));

    const scripted = this.scripts.shift();
    if (scripted) return send(res, scripted);

    // Twilio fetches every media URL before it sends (an unreachable one fails the message, 11200).
    const fetched: SentSms['media'] = [];
    for (const mediaUrl of mediaUrls) {
      const answer = await fetch(mediaUrl).catch(() => undefined);
      const bytes = answer ? Buffer.from(await answer.arrayBuffer()) : Buffer.alloc(0);
      fetched.push({ url: mediaUrl, status: answer?.status ?? 0, type: answer?.headers.get('content-type') ?? '', bytes });
      if (!answer?.ok) this.violations.push(`${label}: MediaUrl ${mediaUrl} answered ${answer?.status ?? 'nothing'}`);
    }
    const messageSid = sid(mediaUrls.length ? 'MM' : 'SM');
    const username = usernameOf(req);
    this.sent.push({ sid: messageSid, username, form, mediaUrls, media: fetched });
    const now = new Date().toUTCString();
    send(res, {
      status: 201,
      body: {
        account_sid: this.options.accountSid,
        api_version: '2010-04-01',
        body: form.Body ?? '',
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: form.From ?? null,
        messaging_service_sid: form.MessagingServiceSid ?? null,
        num_media: String(mediaUrls.length),
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: messageSid,
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${messageSid}/Media.json` },
        to: form.To,
        uri: `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${messageSid}.json`,
      },
    });
  }

  /** The Account resource (`GET /2010-04-01/Accounts/{sid}.json`), as Twilio answers it. */
  private accountResource() {
    const sidPath = `/2010-04-01/Accounts/${this.options.accountSid}`;
    return {
      auth_token: this.options.authToken,
      date_created: 'Thu, 30 Jul 2015 20:00:00 +0000',
      date_updated: 'Thu, 30 Jul 2015 20:00:00 +0000',
      friendly_name: this.friendlyName,
      owner_account_sid: this.options.accountSid,
      sid: this.options.accountSid,
      status: this.status,
      subresource_uris: { incoming_phone_numbers: `${sidPath}/IncomingPhoneNumbers.json`, messages: `${sidPath}/Messages.json` },
      type: 'Full',
      uri: `${sidPath}.json`,
    };
  }

  /** The first page of IncomingPhoneNumbers (the account's own numbers). */
  private numbersPage(pageSize: number) {
    const sidPath = `/2010-04-01/Accounts/${this.options.accountSid}/IncomingPhoneNumbers.json`;
    return {
      end: Math.min(pageSize, this.options.numbers.length) - 1,
      first_page_uri: `${sidPath}?PageSize=${pageSize}&Page=0`,
      incoming_phone_numbers: this.options.numbers.slice(0, pageSize).map((number) => ({
        account_sid: this.options.accountSid,
        capabilities: { mms: true, sms: true, voice: true, fax: false },
        friendly_name: number,
        phone_number: number,
        sid: sid('PN'),
        status: 'in-use',
      })),
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${sidPath}?PageSize=${pageSize}&Page=0`,
    };
  }

  private async handleMediaHost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.mediaHostUrl);
    if (req.headers.authorization) this.mediaHostAuth.push(url.pathname);
    const media = this.media.get(url.pathname.replace(/^\/media/, ''));
    if (!media) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': media.type, 'content-length': String(media.bytes.length) }).end(media.bytes);
  }
}

/** Who authenticated a request (HTTP Basic): the account SID or an API key SID. */
function usernameOf(req: IncomingMessage): string {
  return Buffer.from(String(req.headers.authorization).slice('Basic '.length), 'base64').toString('utf8').split(':')[0] ?? '';
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, answer: ScriptedAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
}
