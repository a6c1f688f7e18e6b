import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Attachment, Conversation, Message, MessagePage } from '@switchboard/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, agentOnline, clientId, createQueue, createWidget, TestVisitor } from '../testing/customer-chat.js';
import { FakeClock } from '../testing/clock.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';
import { heicGrid, paletteBomb, pngBomb, rleBomb } from './crafted.js';
import { animatedGif, fixture, hasGps, photo } from './samples.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Every type we accept, from a real sample, with the type its bytes must be recognised as. */
const SAMPLES: [string, string | (() => Promise<Buffer>), string, 'image' | 'document'][] = [
  ['report.pdf', 'sample.pdf', 'application/pdf', 'document'],
  ['letter.doc', 'sample.doc', 'application/msword', 'document'],
  ['letter.docx', 'sample.docx', DOCX, 'document'],
  ['slides.ppt', 'sample.ppt', 'application/vnd.ms-powerpoint', 'document'],
  ['slides.pptx', 'sample.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'document'],
  ['sheet.xls', 'sample.xls', 'application/vnd.ms-excel', 'document'],
  ['sheet.xlsx', 'sample.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document'],
  ['notes.txt', 'sample.txt', 'text/plain', 'document'],
  ['memo.rtf', 'sample.rtf', 'application/rtf', 'document'],
  ['photo.jpg', () => photo(64, 48, 'jpeg'), 'image/jpeg', 'image'],
  ['screen.png', () => photo(64, 48, 'png'), 'image/png', 'image'],
  ['anim.gif', animatedGif, 'image/gif', 'image'],
  ['scan.bmp', 'sample.bmp', 'image/bmp', 'image'],
  ['pic.webp', () => photo(64, 48, 'webp'), 'image/webp', 'image'],
  ['scan.tiff', () => photo(64, 48, 'tiff'), 'image/tiff', 'image'],
  ['iphone.heic', 'sample.heic', 'image/heic', 'image'],
];

describe.each(dialects)('files on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let chat: Conversation;

  beforeEach(async () => {
    h = await startHarness(dialect, { env: { MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) } });
    await h.listen();
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
    chat = (await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })).json();
  });
  afterEach(() => h.close());

  const filesDir = () => path.join(h.config.dataDir, 'files');
  /** The contents stored: on this node's disk (SQLite), in the database every node shares (PostgreSQL). */
  const storedBlobs = async () =>
    dialect === 'postgres'
      ? (await h.storage.db.selectFrom('file_contents').select('sha256').execute()).map((r) => r.sha256)
      : readdirSync(filesDir())
          .filter((d) => d !== 'tmp')
          .flatMap((d) => readdirSync(path.join(filesDir(), d)));
  const spooled = () => readdirSync(path.join(filesDir(), 'tmp'));

  async function upload(url: string, authorization: string, files: [string, Buffer][]) {
    const form = new FormData();
    for (const [name, data] of files) form.append('file', new Blob([new Uint8Array(data)]), name);
    const response = await fetch(`${h.url}${url}`, { method: 'POST', headers: { authorization }, body: form });
    return { status: response.status, body: (await response.json()) as { files: Attachment[]; error: { code: string; message: string } } };
  }
  const uploadAs = (user: TestUser, files: [string, Buffer][], conversationId = chat.id) =>
    upload(`/api/conversations/${conversationId}/files`, user.auth.authorization, files);

  const send = (user: TestUser, payload: object, conversationId = chat.id) =>
    h.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: user.auth,
      payload: { clientId: clientId(), body: '', ...payload },
    });

  /** Reads the whole answer: an unread body would hold its connection open past the test. */
  const fetchAll = async (url: string, init?: RequestInit) => {
    const response = await fetch(`${h.url}${url}`, init);
    const data = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, data, json: () => JSON.parse(data.toString()) as unknown };
  };
  const get = (user: TestUser, url: string) => fetchAll(url, { headers: user.auth });

  it('accepts every listed type by its bytes, delivers it with the message and serves it back intact', async () => {
    const samples = await Promise.all(
      SAMPLES.map(async ([name, source]) => [name, typeof source === 'string' ? fixture(source) : await source()] as [string, Buffer]),
    );
    const uploaded = await uploadAs(anna, samples.slice(0, 10));
    const uploaded2 = await uploadAs(anna, samples.slice(10));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded2.status, JSON.stringify(uploaded2.body)).toBe(200);
    const files = [...uploaded.body.files, ...uploaded2.body.files];
    expect(files.map((f) => [f.name, f.mime, f.kind])).toEqual(SAMPLES.map(([name, , mime, kind]) => [name, mime, kind]));

    for (const group of [uploaded.body.files, uploaded2.body.files]) {
      const sent = await send(anna, { fileIds: group.map((f) => f.id) });
      expect(sent.statusCode, sent.body).toBe(200);
      expect((sent.json() as Message).body).toBe('');
    }
    const page = (await h.app.inject({ method: 'GET', url: `/api/conversations/${chat.id}/messages`, headers: ben.auth })).json() as MessagePage;
    expect(page.messages.flatMap((m) => m.attachments.map((a) => a.id))).toEqual(files.map((f) => f.id));

    for (const [i, file] of files.entries()) {
      const original = await get(ben, `/api/files/${file.id}`);
      expect(original.status).toBe(200);
      expect(original.data.equals(samples[i]![1])).toBe(true);
      expect(original.headers.get('content-type')).toBe(file.mime === 'text/plain' ? 'text/plain; charset=utf-8' : file.mime);
      expect(original.headers.get('x-content-type-options')).toBe('nosniff');
      expect(original.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      if (file.kind === 'image') {
        expect(file).toMatchObject({ hasDisplay: true, hasThumbnail: true, width: expect.any(Number), height: expect.any(Number) });
        const display = await get(ben, `/api/files/${file.id}/display`);
        expect(display.headers.get('content-type')).toBe('image/webp');
        expect(display.headers.get('content-disposition')).toMatch(/^inline/);
        const meta = await sharp(display.data).metadata();
        expect([meta.format, meta.width]).toEqual(['webp', file.width]);
        expect((await get(ben, `/api/files/${file.id}/thumbnail`)).status).toBe(200);
      } else {
        expect(file).toMatchObject({ hasDisplay: false, hasThumbnail: false });
        expect((await get(ben, `/api/files/${file.id}/display`)).status).toBe(404);
      }
    }
  });

  it('decodes an HEVC HEIC (which prebuilt sharp cannot) and a BMP into browser images', async () => {
    await expect(sharp(fixture('sample.heic')).png().toBuffer()).rejects.toThrow();
    const { body } = await uploadAs(anna, [
      ['IMG_0001.HEIC', fixture('sample.heic')],
      ['old.bmp', fixture('sample.bmp')],
    ]);
    expect(body.files.map((f) => [f.width, f.height])).toEqual([
      [64, 48],
      [16, 12],
    ]);
    await send(anna, { fileIds: body.files.map((f) => f.id) });
    const display = (await get(ben, `/api/files/${body.files[0]!.id}/display`)).data;
    const { data } = await sharp(display).raw().toBuffer({ resolveWithObject: true });
    // The sample is orange with a blue rectangle at (8,8): both colours survive the round trip.
    expect(data[0]).toBeGreaterThan(150);
    const inner = (20 * 64 + 20) * 3;
    expect(data[inner + 2]).toBeGreaterThan(150);
  });

  it('refuses an executable named like a document, and keeps nothing of it', async () => {
    for (const [name, sample] of [
      ['invoice.pdf', 'elf-named.pdf'],
      ['contract.docx', 'pe-named.docx'],
    ] as const) {
      const { status, body } = await uploadAs(anna, [[name, fixture(sample)]]);
      expect(status).toBe(415);
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).toContain(`"${name}" cannot be sent: accepted are PDF, DOC, DOCX`);
    }
    // One bad file in a batch refuses the batch: the good one is not kept either.
    const mixed = await uploadAs(anna, [
      ['ok.png', await photo(20, 20, 'png')],
      ['bad.pdf', fixture('elf-named.pdf')],
    ]);
    expect(mixed.status).toBe(415);
    expect(await storedBlobs()).toEqual([]);
    expect(spooled()).toEqual([]);
    expect(await h.storage.db.selectFrom('files').selectAll().execute()).toEqual([]);
  });

  it('refuses an upload over the limit while it streams, leaving no partial file', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const { status, body } = await uploadAs(anna, [['huge.txt', big]]);
    expect(status).toBe(413);
    expect(body.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: '"huge.txt" is larger than 2 MB, the most a file may have',
      params: { name: 'huge.txt', limit: '2 MB' },
    });
    expect(spooled()).toEqual([]);
    expect(await storedBlobs()).toEqual([]);
    // The server still answers normally afterwards.
    expect((await uploadAs(anna, [['small.txt', Buffer.from('fine')]])).status).toBe(200);
  });

  it('shows a smaller, upright, metadata-free image and keeps the original downloadable', async () => {
    const original = await photo(3000, 2000, 'jpeg');
    expect(hasGps((await sharp(original).metadata()).exif)).toBe(true);
    const { body } = await uploadAs(anna, [['holiday.jpg', original]]);
    const [file] = body.files;
    expect(file).toMatchObject({ width: 3000, height: 2000, size: original.length });
    await send(anna, { body: 'look', fileIds: [file!.id] });

    const display = (await get(ben, `/api/files/${file!.id}/display`)).data;
    const thumb = (await get(ben, `/api/files/${file!.id}/thumbnail`)).data;
    const displayMeta = await sharp(display).metadata();
    const thumbMeta = await sharp(thumb).metadata();
    expect([displayMeta.width, displayMeta.height]).toEqual([2048, 1365]);
    expect(Math.max(thumbMeta.width, thumbMeta.height)).toBe(320);
    expect(display.length).toBeLessThan(original.length / 2);
    expect(thumb.length).toBeLessThan(display.length / 10);
    for (const meta of [displayMeta, thumbMeta]) {
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
    const download = (await get(ben, `/api/files/${file!.id}`)).data;
    expect(download.equals(original)).toBe(true);
  });

  it('sends an image bomb as a plain file, answered at once, without rendering it or growing the server', async () => {
    const bombs: [string, Buffer, string][] = [
      ['huge.bmp', rleBomb(), 'image/bmp'],
      ['palette.bmp', paletteBomb(), 'image/bmp'],
      ['grid.heic', heicGrid(16, 16, 1024, 16384, 16384), 'image/heic'],
      ['zeros.png', pngBomb(8000, 8000), 'image/png'],
    ];
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const { status, body } = await uploadAs(
      anna,
      bombs.map(([name, data]) => [name, data]),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.files.map((f) => [f.name, f.mime, f.kind, f.hasDisplay, f.width])).toEqual(
      bombs.map(([name, , mime]) => [name, mime, 'document', false, undefined]),
    );
    await send(anna, { fileIds: body.files.map((f) => f.id) });
    for (const [i, file] of body.files.entries()) {
      expect((await get(ben, `/api/files/${file.id}`)).data.equals(bombs[i]![1])).toBe(true);
      expect((await get(ben, `/api/files/${file.id}/display`)).status).toBe(404);
    }
    // Sent again, the same bytes are not looked at again: still a plain file.
    expect((await uploadAs(anna, [['again.bmp', rleBomb()]])).body.files[0]).toMatchObject({ kind: 'document', hasDisplay: false });
  });

  it('keeps an animated GIF animated', async () => {
    const { body } = await uploadAs(anna, [['party.gif', await animatedGif()]]);
    await send(anna, { fileIds: [body.files[0]!.id] });
    const display = (await get(ben, `/api/files/${body.files[0]!.id}/display`)).data;
    expect((await sharp(display, { animated: true }).metadata()).pages).toBe(2);
  });

  it('serves files only to those who may read the conversation', async () => {
    const { body } = await uploadAs(anna, [['secret.pdf', fixture('sample.pdf')]]);
    const id = body.files[0]!.id;
    // Not yet sent: only the uploader sees it.
    expect((await get(anna, `/api/files/${id}`)).status).toBe(200);
    expect((await get(ben, `/api/files/${id}`)).status).toBe(403);
    await send(anna, { fileIds: [id] });
    expect((await get(ben, `/api/files/${id}`)).status).toBe(200);
    for (const suffix of ['', '/display', '/thumbnail']) {
      const response = await get(clara, `/api/files/${id}${suffix}`);
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'You have no access to this file' } });
    }
    expect((await fetchAll(`/api/files/${id}`)).status).toBe(401);
    expect((await get(ben, '/api/files/999999')).status).toBe(404);
    // Outsiders may not upload into it either.
    expect((await uploadAs(clara, [['x.txt', Buffer.from('hi')]])).status).toBe(403);
  });

  it('validates sends with files strictly', async () => {
    const { body } = await uploadAs(anna, [['a.txt', Buffer.from('one')]]);
    const id = body.files[0]!.id;
    expect((await send(anna, { body: '  ' })).json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('must not be empty') });
    expect((await send(anna, { fileIds: [] })).statusCode).toBe(400);
    expect((await send(ben, { fileIds: [id] })).statusCode).toBe(400); // not Ben's upload
    const other = (
      await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: clara.id } })
    ).json() as Conversation;
    expect((await send(anna, { fileIds: [id] }, other.id)).statusCode).toBe(400); // uploaded into another chat
    const retryId = clientId();
    const first = await send(anna, { clientId: retryId, fileIds: [id] });
    const again = await send(anna, { clientId: retryId, fileIds: [id] });
    expect(again.json()).toEqual(first.json()); // a retry is the same message, files and all
    expect((await send(anna, { fileIds: [id] })).statusCode).toBe(400); // already sent
    const notMultipart = await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/files`, headers: anna.auth, payload: { a: 1 } });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('stores the same bytes once', async () => {
    const bytes = await photo(200, 100, 'png');
    await uploadAs(anna, [['one.png', bytes]]);
    await uploadAs(anna, [['two.png', bytes]]);
    expect(await storedBlobs()).toHaveLength(3); // original, display, thumbnail
  });

  describe('unsent uploads', () => {
    const MINUTE = 60_000;
    let clock: FakeClock;
    let admin: TestUser;
    let key: string;

    beforeEach(async () => {
      await h.close();
      clock = new FakeClock();
      h = await startHarness(dialect, {
        clock,
        env: {
          MAX_UPLOAD_BYTES: String(2 * 1024 * 1024),
          UNSENT_UPLOAD_TTL_MINUTES: '60',
          VISITOR_UNSENT_FILES: '3',
          VISITOR_UNSENT_MB: '1',
          AGENT_UNSENT_FILES: '5',
        },
      });
      await h.listen();
      anna = await h.user('Anna');
      ben = await h.user('Ben');
      admin = await h.user('Admin', 'admin');
      chat = (await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })).json();
      const queue = await createQueue(h, admin, { agentIds: [anna.id] });
      key = (await createWidget(h, admin, { type: 'queue', queueId: queue.id })).key;
    });

    const visitorUpload = (visitor: TestVisitor, files: [string, Buffer][]) => upload('/api/visitor/files', `Visitor ${visitor.token}`, files);

    it('are deleted after an hour, bytes and all, while sent files stay', async () => {
      const sentPng = await photo(40, 30, 'png');
      const kept = (await uploadAs(anna, [['sent.png', sentPng]])).body.files[0]!;
      await send(anna, { fileIds: [kept.id] });
      const jane = await TestVisitor.start(h, key);
      const forgotten = (await visitorUpload(jane, [['forgotten.pdf', fixture('sample.pdf')]])).body.files[0]!;
      const ownCopy = (
        await uploadAs(anna, [
          ['copy.png', sentPng],
          ['draft.txt', Buffer.from('never sent')],
        ])
      ).body.files;
      expect(await storedBlobs()).toHaveLength(5); // png + display + thumbnail, pdf, txt

      // A spool a crash left behind two hours ago goes too; one being written now stays.
      const tmp = path.join(filesDir(), 'tmp');
      writeFileSync(path.join(tmp, 'crashed.part'), 'half an upload');
      utimesSync(path.join(tmp, 'crashed.part'), new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
      writeFileSync(path.join(tmp, 'writing.part'), 'arriving');

      clock.advance(59 * MINUTE);
      expect(await h.services.files.sweepUnsent()).toBe(0);
      clock.advance(2 * MINUTE);
      expect(await h.services.files.sweepUnsent()).toBe(3);
      expect(await storedBlobs()).toHaveLength(3); // the sent PNG's: its unsent copy shared the bytes
      expect(spooled()).toEqual(['writing.part']);
      rmSync(path.join(tmp, 'writing.part'));
      expect((await get(anna, `/api/files/${ownCopy[1]!.id}`)).status).toBe(404);
      expect((await fetchAll(`/api/visitor/files/${forgotten.id}?token=${jane.token}`)).status).toBe(404);
      expect((await get(ben, `/api/files/${kept.id}/display`)).status).toBe(200);
      expect((await send(anna, { fileIds: [ownCopy[0]!.id] })).statusCode).toBe(400);
      expect(await h.storage.db.selectFrom('files').select('id').execute()).toEqual([{ id: kept.id }]);

      // Many at once are swept in batches (no statement with more ids than a database takes).
      const old = {
        sha256: 'a'.repeat(64),
        size: 1,
        name: 'x.txt',
        mime: 'text/plain',
        kind: 'document' as const,
        uploaded_by_user: anna.id,
        created_at: clock.now() - 2 * 60 * MINUTE,
      };
      await h.storage.db
        .insertInto('files')
        .values(Array.from({ length: 1100 }, () => old))
        .execute();
      expect(await h.services.files.sweepUnsent()).toBe(1100);
      expect(await h.storage.db.selectFrom('files').select('id').execute()).toEqual([{ id: kept.id }]);
    });

    it('are swept by the server every five minutes', async () => {
      await h.close();
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      try {
        h = await startHarness(dialect, { clock, env: { UNSENT_UPLOAD_TTL_MINUTES: '60' } });
        await h.listen();
        const zoe = await h.user('Zoe');
        const yann = await h.user('Yann');
        const own = (
          await h.app.inject({ method: 'POST', url: '/api/conversations', headers: zoe.auth, payload: { kind: 'direct', userId: yann.id } })
        ).json() as Conversation;
        expect((await upload(`/api/conversations/${own.id}/files`, zoe.auth.authorization, [['draft.txt', Buffer.from('draft')]])).status).toBe(200);
        clock.advance(61 * MINUTE);
        expect(await storedBlobs()).toHaveLength(1);
        vi.advanceTimersByTime(5 * MINUTE);
        await vi.waitFor(async () => expect(await storedBlobs()).toHaveLength(0));
      } finally {
        vi.useRealTimers();
      }
    });

    it('are capped per visitor in count and bytes, and per colleague higher', async () => {
      const jane = await TestVisitor.start(h, key);
      const note = (n: number): [string, Buffer] => [`note${n}.txt`, Buffer.from(`note ${n}`)];
      expect((await visitorUpload(jane, [note(1), note(2), note(3)])).status).toBe(200);
      const refused = await visitorUpload(jane, [note(4)]);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toEqual({
        code: 'TOO_MANY_UNSENT_FILES',
        message: 'Too many files uploaded and not sent: at most 3 files or 1 MB. Send them first, or wait: unsent files are deleted after 60 minutes',
        params: { files: '3', limit: '1 MB', minutes: '60' },
      });
      expect(spooled()).toEqual([]);
      // Another visitor has their own allowance; bytes count too.
      const joe = await TestVisitor.start(h, key, 'Joe', '198.51.100.7');
      const big = Buffer.alloc(600 * 1024, 'a');
      expect((await visitorUpload(joe, [['a.txt', big]])).status).toBe(200);
      expect((await visitorUpload(joe, [['b.txt', big]])).body.error.code).toBe('TOO_MANY_UNSENT_FILES');
      // Once the hour has passed, Jane's old uploads no longer count.
      clock.advance(61 * MINUTE);
      expect((await visitorUpload(jane, [note(5)])).status).toBe(200);
      // Colleagues may hold more, but not without end either.
      expect((await uploadAs(anna, [note(1), note(2), note(3), note(4)])).status).toBe(200);
      expect((await uploadAs(anna, [note(5)])).status).toBe(200);
      expect((await uploadAs(anna, [note(6)])).status).toBe(429);
    });
  });

  describe('live chat visitors', () => {
    let widget: { key: string };
    let sockets: TestSocket[];
    let admin: TestUser;

    beforeEach(async () => {
      admin = await h.user('Admin', 'admin');
      const queue = await createQueue(h, admin, { agentIds: [anna.id] });
      widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
      sockets = [await agentOnline(h, anna, [queue.id])];
    });
    afterEach(() => {
      for (const s of sockets) s.close();
    });

    const visitorUpload = (visitor: TestVisitor, files: [string, Buffer][]) => upload('/api/visitor/files', `Visitor ${visitor.token}`, files);
    const visitorSend = (visitor: TestVisitor, payload: object) =>
      h.app.inject({
        method: 'POST',
        url: '/api/visitor/messages',
        headers: { authorization: `Visitor ${visitor.token}` },
        payload: { clientId: clientId(), body: '', ...payload },
        remoteAddress: visitor.ip,
      });

    it("send files with their first message and receive the agent's, each only their own", async () => {
      const jane = await TestVisitor.start(h, widget.key);
      const up = await visitorUpload(jane, [['screenshot.png', await photo(50, 40, 'png')]]);
      expect(up.status).toBe(200);
      const fileId = up.body.files[0]!.id;
      expect((await fetchAll(`/api/visitor/files/${fileId}/thumbnail?token=${jane.token}`)).status).toBe(200);
      const sent = await visitorSend(jane, { fileIds: [fileId] });
      expect(sent.statusCode, sent.body).toBe(200);
      const conversationId = (sent.json() as Message).conversationId;

      await act(h, anna, conversationId, 'take');
      expect((await get(anna, `/api/files/${fileId}/display`)).status).toBe(200);
      const agentFile = (await uploadAs(anna, [['offer.pdf', fixture('sample.pdf')]], conversationId)).body.files[0]!;
      expect((await send(anna, { body: 'our offer', fileIds: [agentFile.id] }, conversationId)).statusCode).toBe(200);
      const seen = (await jane.chat()).messages.flatMap((m) => m.attachments.map((a) => a.name));
      expect(seen).toEqual(['screenshot.png', 'offer.pdf']);
      const download = await fetchAll(`/api/visitor/files/${agentFile.id}`, { headers: { authorization: `Visitor ${jane.token}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="offer.pdf"; filename*=UTF-8''offer.pdf`);

      const mallory = await TestVisitor.start(h, widget.key, 'Mallory', '198.51.100.9');
      expect((await fetchAll(`/api/visitor/files/${agentFile.id}?token=${mallory.token}`)).status).toBe(403);
      expect((await fetchAll(`/api/visitor/files/${fileId}/thumbnail?token=${mallory.token}`)).status).toBe(403);
      expect((await visitorSend(mallory, { fileIds: [fileId] })).statusCode).toBe(400);
      // Nor an internal chat's files.
      const internal = (await uploadAs(anna, [['internal.txt', Buffer.from('staff only')]])).body.files[0]!;
      await send(anna, { fileIds: [internal.id] });
      expect((await fetchAll(`/api/visitor/files/${internal.id}?token=${jane.token}`)).status).toBe(403);
      expect((await fetchAll(`/api/visitor/files/${agentFile.id}`)).status).toBe(401);
    });

    it('cannot send a file whose name lies about its type or hides its real extension', async () => {
      const jane = await TestVisitor.start(h, widget.key);
      const text = Buffer.from('Dear customer, please pay.');
      const names = ['Rechnung_2024.pdf.hta', 'statement.js', 'order.svg', 'invoice\u202efdp.bat', 'notes.txt', 'tab\tand\u0085C1\u2066.txt', "it's (1)*.txt"];
      const up = await visitorUpload(
        jane,
        names.map((name) => [name, text]),
      );
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      const expected = ['Rechnung_2024.pdf.hta.txt', 'statement.js.txt', 'order.svg.txt', 'invoicefdp.bat.txt', 'notes.txt', 'tabandC1.txt', "it's (1)*.txt"];
      expect(up.body.files.map((f) => [f.name, f.mime])).toEqual(expected.map((name) => [name, 'text/plain']));
      const sent = await visitorSend(jane, { fileIds: up.body.files.map((f) => f.id) });
      await act(h, anna, (sent.json() as Message).conversationId, 'take');
      const dispositions = [];
      for (const file of up.body.files) dispositions.push((await get(anna, `/api/files/${file.id}`)).headers.get('content-disposition'));
      expect(dispositions[3]).toBe(`attachment; filename="invoicefdp.bat.txt"; filename*=UTF-8''invoicefdp.bat.txt`);
      expect(dispositions[6]).toBe(`attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`);
      // A file that is what its name says keeps its name; an image's display version is named .webp.
      const photoUp = await visitorUpload(jane, [
        ['Foto.JPEG', await photo(20, 20, 'jpeg')],
        ['scan.png', await photo(20, 20, 'jpeg')],
      ]);
      expect(photoUp.body.files.map((f) => f.name)).toEqual(['Foto.JPEG', 'scan.png.jpg']);
    });

    it('are rate limited like messages', async () => {
      await h.close();
      h = await startHarness(dialect, { env: { VISITOR_MESSAGE_LIMIT_PER_IP: '2' } });
      await h.listen();
      const owner = await h.user('Owner', 'admin');
      const queue = await createQueue(h, owner, { agentIds: [owner.id] });
      const key = (await createWidget(h, owner, { type: 'queue', queueId: queue.id })).key;
      const jane = await TestVisitor.start(h, key, 'Jane', '127.0.0.1');
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await visitorUpload(jane, [['a.txt', Buffer.from(`n${i}`)]])).status);
      expect(statuses).toEqual([200, 200, 429]);
    });

    it('deleting a conversation deletes its files unless another file shares the bytes', async () => {
      const jane = await TestVisitor.start(h, widget.key);
      const shared = await photo(30, 30, 'png');
      const up = await visitorUpload(jane, [
        ['shared.png', shared],
        ['own.pdf', fixture('sample.pdf')],
      ]);
      const message = (await visitorSend(jane, { body: 'files', fileIds: up.body.files.map((f) => f.id) })).json() as Message;
      const internal = await uploadAs(anna, [['shared-copy.png', shared]]);
      await send(anna, { fileIds: [internal.body.files[0]!.id] });
      const before = await storedBlobs();
      expect(before).toHaveLength(4); // png + display + thumbnail, pdf

      await act(h, anna, message.conversationId, 'take');
      const removed = await h.app.inject({ method: 'DELETE', url: `/api/conversations/${message.conversationId}`, headers: anna.auth });
      expect(removed.statusCode).toBe(200);
      const after = await storedBlobs();
      expect(after).toHaveLength(3);
      expect(before.filter((b) => !after.includes(b))).toHaveLength(1);
      expect((await get(anna, `/api/files/${up.body.files[1]!.id}`)).status).toBe(404);
      expect((await get(ben, `/api/files/${internal.body.files[0]!.id}/display`)).status).toBe(200);
      expect(existsSync(filesDir())).toBe(true);
    });
  });
});
