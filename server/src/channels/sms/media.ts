import { pipeline, Readable, Transform } from 'node:stream';

/**
 * Opens one MMS MediaUrl. Twilio's media URLs need HTTP Basic auth and redirect to its media host;
 * the credentials go only to Twilio's API host (fetch drops them on a redirect to another origin), so a
 * forged URL in a webhook cannot collect them. Bounded in size, checked again while the bytes stream.
 */
export async function openMedia(url: string, apiUrl: string, authorization: string, maxBytes: number, timeoutMs: number): Promise<Readable> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error('The media URL is not a URL');
  }
  const trusted = target.origin === new URL(apiUrl).origin;
  if (!trusted) throw new Error(`media download refused: ${target.origin} is not Twilio's API`);
  let response: Response;
  try {
    response = await fetch(target, { headers: { authorization }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`The media download failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) throw new Error(`The media download failed with HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new Error(`The media file is larger than the size limit (${declared} > ${maxBytes} bytes)`);
  }
  let seen = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new Error(`The media file is larger than the size limit of ${maxBytes} bytes`) : null, chunk);
    },
  });
  // pipeline: a failure on either side (network, limit) destroys both and reaches the reader.
  return pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), limit, () => {});
}
