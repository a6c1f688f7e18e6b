import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type { Attachment, Message, UploadedFiles } from '@switchboard/protocol';
import { post, type Answer } from './http.js';
import type { UploadResult, UploadSpec } from './messages.js';

/** POSTs the file as the one part of a multipart/form-data body, streamed from disk, with its length up front. */
async function postMultipart(spec: UploadSpec): Promise<Answer> {
  const boundary = `bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${spec.name}"\r\ncontent-type: ${spec.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(spec.file);
  const headers = {
    authorization: `Bearer ${spec.token}`,
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'content-length': head.length + size + tail.length,
  };
  return new Promise((resolve, reject) => {
    const request = http.request(`${spec.httpUrl}/api/conversations/${spec.conversationId}/files`, { method: 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.write(head);
    pipeline(createReadStream(spec.file), request, { end: false })
      .then(() => request.end(tail))
      .catch(reject);
  });
}

/** Uploads one file (timed), then sends it in a message with an empty body, as the web client does. */
async function uploadAndSend(spec: UploadSpec, agent: http.Agent): Promise<UploadResult> {
  const started = performance.now();
  const upload = await postMultipart(spec);
  const ms = performance.now() - started;
  if (upload.status !== 200) return { ms, problem: `upload: HTTP ${upload.status} ${upload.body}` };
  const attachment: Attachment = (JSON.parse(upload.body) as UploadedFiles).files[0]!;
  const url = `${spec.httpUrl}/api/conversations/${spec.conversationId}/messages`;
  const sent = await post(agent, url, `Bearer ${spec.token}`, { clientId: `bench-file-${attachment.id}`, body: '', fileIds: [attachment.id] });
  if (sent.status !== 200) return { ms, attachment, problem: `message: HTTP ${sent.status} ${sent.body}` };
  const attached = (JSON.parse(sent.body) as Message).attachments;
  return attached[0]?.id === attachment.id ? { ms, attachment } : { ms, attachment, problem: 'the message came back without its file' };
}

/** Every upload at once; a failure is reported in its result, never thrown. */
export async function uploadAll(specs: UploadSpec[]): Promise<UploadResult[]> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    return await Promise.all(specs.map((spec) => uploadAndSend(spec, agent).catch((error: Error) => ({ ms: Number.NaN, problem: error.message }))));
  } finally {
    agent.destroy();
  }
}
