/**
 * An anonymous website visitor trying to take the server down, in a process of its own (forked by the abuse
 * scenario): image bombs uploaded as chat files, WebSocket frame floods from clients that never read, and slow
 * request bodies. Only ever talks to the server it is given (loopback); every loop is bounded by `durationMs`.
 */
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { type Bomb, imageBombs } from './bombs.js';

export interface AttackPlan {
  httpUrl: string;
  widgetKey: string;
  floodSockets: number;
  slowConnections: number;
}

/** What the parent sends: the plan first (the attacker starts its visits and answers 'ready'), then when to stop. */
export type AttackerCommand = { kind: 'prepare'; plan: AttackPlan } | { kind: 'go'; until: number };
export type AttackerReply = { kind: 'ready' } | { kind: 'attacked'; result: AttackResult } | { kind: 'failed'; message: string };

/** A plan with the moment the attack stops (epoch ms): every loop checks it. */
type Running = AttackPlan & { until: number };

export interface AttackResult {
  visitors: number;
  bombUploads: number;
  /** Status code → count, for the bomb uploads. */
  bombAnswers: Record<string, number>;
  /** Why the first bomb upload that got no answer failed. */
  bombFailure?: string;
  floodFramesSent: number;
  /** WebSocket close codes the server sent to the flooding sockets (or 'refused' for an upgrade it refused). */
  floodCloses: Record<string, number>;
  slowOpened: number;
  /** Slow-body connections the server closed before the attack ended, and the median time it took. */
  slowClosedByServer: number;
  slowCloseMedianMs: number;
  /** The attacker process's own CPU over the attack, as a fraction of one core: on this machine it competes with the server. */
  cpu: number;
}

/**
 * The attacker's own address: the colleagues connect from 127.0.0.1, and in a real company they do not share
 * an address with an anonymous visitor (whose connections the server counts and caps per address).
 */
const ATTACKER_ADDRESS = '127.0.0.2';

/** A POST from the attacker's address; answers the status and body, or throws when the connection failed. */
function post(url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      localAddress: ATTACKER_ADDRESS,
      headers: { ...headers, 'content-length': String(body.length) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on('error', reject).on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    request.end(body);
  });
}

async function startVisit(plan: AttackPlan): Promise<string | undefined> {
  const body = Buffer.from(JSON.stringify({ name: 'Mallory', language: 'en' }));
  const response = await post(`${plan.httpUrl}/api/widget/${plan.widgetKey}/visits`, { 'content-type': 'application/json' }, body, 10_000);
  if (response.status !== 200) return undefined;
  return (JSON.parse(response.body.toString()) as { token: string }).token;
}

/** A multipart/form-data body with one file, as a browser would send it. */
async function formWith(bomb: Bomb): Promise<{ type: string; body: Buffer }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bomb.bytes)], { type: bomb.contentType }), bomb.name);
  const encoded = new Response(form);
  return { type: encoded.headers.get('content-type')!, body: Buffer.from(await encoded.arrayBuffer()) };
}

async function uploadBombs(plan: Running, token: string, result: AttackResult): Promise<void> {
  const forms = await Promise.all(imageBombs().map(formWith));
  const until = plan.until;
  for (let i = 0; Date.now() < until; i++) {
    const form = forms[i % forms.length]!;
    const headers = { authorization: `Visitor ${token}`, 'content-type': form.type };
    // A server busy decoding may not answer at all: the attacker gives up on it shortly after the attack ends.
    const response = await post(`${plan.httpUrl}/api/visitor/files`, headers, form.body, Math.max(1000, until - Date.now() + 2000)).catch((error: Error) => {
      result.bombFailure ??= error.message;
      return undefined;
    });
    const key = String(response?.status ?? 'failed');
    result.bombAnswers[key] = (result.bombAnswers[key] ?? 0) + 1;
    result.bombUploads++;
    if (response?.status === 429) await sleep(200);
  }
}

/** Opens a visitor socket, stops reading from it, and writes tiny frames as fast as the kernel takes them. */
function flood(plan: Running, token: string, result: AttackResult): Promise<void> {
  const url = `${plan.httpUrl.replace(/^http/, 'ws')}/ws/visitor?token=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { authorization: `Visitor ${token}` }, localAddress: ATTACKER_ADDRESS });
    const until = plan.until;
    let done = false;
    const finish = (code: string) => {
      if (done) return;
      done = true;
      result.floodCloses[code] = (result.floodCloses[code] ?? 0) + 1;
      socket.terminate();
      resolve();
    };
    socket.on('unexpected-response', (_req, res) => finish(`refused ${res.statusCode}`));
    socket.on('error', () => finish('error'));
    socket.on('close', (code) => finish(String(code)));
    socket.on('open', () => {
      (socket as unknown as { _socket: net.Socket })._socket.pause();
      const frame = JSON.stringify({ type: 'ping' });
      const burst = () => {
        if (done) return;
        if (Date.now() >= until) return finish('still open at the end');
        for (let i = 0; i < 200; i++) socket.send(frame);
        result.floodFramesSent += 200;
        // Keep the attacker's own memory flat: only write more once the kernel took the last burst.
        if (socket.bufferedAmount > 1 << 20) setTimeout(burst, 5);
        else setImmediate(burst);
      };
      burst();
    });
  });
}

/** A POST that declares a large body and sends one byte a second, to hold a connection open. */
function slowBody(plan: Running, token: string, result: AttackResult, closedAfter: number[]): Promise<void> {
  const { hostname, port } = new URL(plan.httpUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ port: Number(port), host: hostname, localAddress: ATTACKER_ADDRESS });
    const opened = Date.now();
    const until = plan.until;
    let timer: NodeJS.Timeout | undefined;
    const finish = (byServer: boolean) => {
      clearInterval(timer);
      if (byServer) closedAfter.push(Date.now() - opened);
      socket.destroy();
      resolve();
    };
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(Date.now() < until));
    socket.on('connect', () => {
      result.slowOpened++;
      socket.write(
        `POST /api/visitor/messages HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Visitor ${token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"clientId":"slow","body":"',
      );
      timer = setInterval(() => (Date.now() >= until ? finish(false) : socket.write('a')), 1000);
    });
  });
}

const median = (values: number[]) => (values.length === 0 ? Number.NaN : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

/** Starts the visits the attack uses, before it is timed. */
export async function prepare(plan: AttackPlan): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < 3; i++) {
    const token = await startVisit(plan);
    if (token) tokens.push(token);
  }
  if (tokens.length === 0) throw new Error('the attacker could not start a visit');
  return tokens;
}

/** Burns the CPU it is given and never talks to the server: the control for what the attacker's own CPU costs. */
async function burn(until: number): Promise<void> {
  while (Date.now() < until) {
    const slice = Date.now();
    while (Date.now() - slice < 50) {}
    await sleep(0);
  }
}

export async function attack(plan: Running, tokens: string[]): Promise<AttackResult> {
  const result: AttackResult = {
    visitors: tokens.length,
    bombUploads: 0,
    bombAnswers: {},
    floodFramesSent: 0,
    floodCloses: {},
    slowOpened: 0,
    slowClosedByServer: 0,
    slowCloseMedianMs: Number.NaN,
    cpu: Number.NaN,
  };
  const cpuAtStart = process.cpuUsage();
  const startedAt = Date.now();
  const closedAfter: number[] = [];
  const token = (i: number) => tokens[i % tokens.length]!;
  // BENCH_ABUSE_ONLY=bombs|flood|slow (or several, comma-separated) runs those kinds of attack only, to see
  // which one costs the colleagues; BENCH_ABUSE_ONLY=burn only burns CPU (no attack), to see what the
  // attacker's own CPU costs them.
  const only = process.env.BENCH_ABUSE_ONLY?.split(',');
  const runs = (kind: string) => !only || only.includes(kind);
  await Promise.all([
    only?.includes('burn') ? burn(plan.until) : undefined,
    runs('bombs') ? uploadBombs(plan, token(0), result) : undefined,
    // A socket the server closed is reopened until the attack ends: the attacker does not give up.
    ...Array.from({ length: runs('flood') ? plan.floodSockets : 0 }, async (_, i) => {
      while (Date.now() < plan.until - 100) {
        await flood(plan, token(i), result);
        await sleep(50);
      }
    }),
    ...Array.from({ length: runs('slow') ? plan.slowConnections : 0 }, (_, i) => slowBody(plan, token(i), result, closedAfter)),
  ]);
  result.slowClosedByServer = closedAfter.length;
  result.slowCloseMedianMs = median(closedAfter);
  const cpu = process.cpuUsage(cpuAtStart);
  result.cpu = (cpu.user + cpu.system) / 1000 / (Date.now() - startedAt);
  return result;
}

// Run as a child process: prepared by the first message, started by the second; the result is the answer.
if (process.send) {
  const reply = (message: AttackerReply, exit?: number) => process.send!(message, () => (exit === undefined ? undefined : process.exit(exit)));
  const failed = (error: Error) => reply({ kind: 'failed', message: error.message }, 1);
  let prepared: { plan: AttackPlan; tokens: string[] } | undefined;
  process.on('message', (command: AttackerCommand) => {
    if (command.kind === 'prepare') {
      prepare(command.plan).then((tokens) => {
        prepared = { plan: command.plan, tokens };
        reply({ kind: 'ready' });
      }, failed);
      return;
    }
    if (!prepared) return failed(new Error('started before it was prepared'));
    attack({ ...prepared.plan, until: command.until }, prepared.tokens).then((result) => reply({ kind: 'attacked', result }, 0), failed);
  });
}
