/**
 * An anonymous website visitor trying to take the server down, in a process of its own (forked by the abuse
 * scenario): image bombs uploaded as chat files, WebSocket frame floods from clients that never read, and slow
 * request bodies. Only ever talks to the server it is given (loopback); every loop is bounded by `durationMs`.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { imageBombs } from './bombs.js';

export interface AttackPlan {
  /** When the attack stops (epoch ms): every loop checks it. */
  until: number;
  httpUrl: string;
  widgetKey: string;
  floodSockets: number;
  slowConnections: number;
}

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

async function startVisit(plan: AttackPlan): Promise<string | undefined> {
  const response = await fetch(`${plan.httpUrl}/api/widget/${plan.widgetKey}/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mallory', language: 'en' }),
  });
  if (!response.ok) return undefined;
  return ((await response.json()) as { token: string }).token;
}

async function uploadBombs(plan: AttackPlan, token: string, result: AttackResult): Promise<void> {
  const bombs = imageBombs();
  const until = plan.until;
  for (let i = 0; Date.now() < until; i++) {
    const bomb = bombs[i % bombs.length]!;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bomb.bytes)], { type: bomb.contentType }), bomb.name);
    const response = await fetch(`${plan.httpUrl}/api/visitor/files`, {
      method: 'POST',
      headers: { authorization: `Visitor ${token}` },
      body: form,
      // A server busy decoding may not answer at all: the attacker gives up on it shortly after the attack ends.
      signal: AbortSignal.timeout(Math.max(1000, until - Date.now() + 2000)),
    }).catch((error: Error) => {
      result.bombFailure ??= `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`;
      return undefined;
    });
    await response?.arrayBuffer().catch(() => undefined);
    const key = String(response?.status ?? 'failed');
    result.bombAnswers[key] = (result.bombAnswers[key] ?? 0) + 1;
    result.bombUploads++;
    if (response?.status === 429) await sleep(200);
  }
}

/** Opens a visitor socket, stops reading from it, and writes tiny frames as fast as the kernel takes them. */
function flood(plan: AttackPlan, token: string, result: AttackResult): Promise<void> {
  const url = `${plan.httpUrl.replace(/^http/, 'ws')}/ws/visitor?token=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { authorization: `Visitor ${token}` } });
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
function slowBody(plan: AttackPlan, token: string, result: AttackResult, closedAfter: number[]): Promise<void> {
  const { hostname, port } = new URL(plan.httpUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
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

export async function attack(plan: AttackPlan): Promise<AttackResult> {
  const result: AttackResult = {
    visitors: 0,
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
  const tokens: string[] = [];
  for (let i = 0; i < 3; i++) {
    const token = await startVisit(plan);
    if (token) tokens.push(token);
  }
  result.visitors = tokens.length;
  if (tokens.length === 0) throw new Error('the attacker could not start a visit');
  const closedAfter: number[] = [];
  const token = (i: number) => tokens[i % tokens.length]!;
  // BENCH_ABUSE_ONLY=bombs|flood|slow runs one kind of attack, to see which one costs the colleagues.
  const only = process.env.BENCH_ABUSE_ONLY;
  const runs = (kind: string) => !only || only === kind;
  await Promise.all([
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

// Run as a child process: the plan comes as the first message, the result goes back as the answer.
if (process.send) {
  process.once('message', (plan: AttackPlan) => {
    attack(plan).then(
      (result) => process.send!({ kind: 'attacked', result }, () => process.exit(0)),
      (error: Error) => process.send!({ kind: 'failed', message: error.message }, () => process.exit(1)),
    );
  });
}
