import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchClient } from './client.js';
import type { LoadPlan, LoadResult, Mark } from './messages.js';
import type { Recorder } from './recorder.js';

/** Waits until `done()` holds, checking every 10 ms, for at most `limitMs`. */
export async function until(done: () => boolean, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!done() && performance.now() < deadline) await sleep(10);
}

/** Keeps every sender at `window` unanswered sends while `sending()` holds. */
function startWindowed(senders: BenchClient[], recorder: Recorder, window: number, sending: () => boolean): void {
  recorder.onAnswer = (client) => {
    if (sending() && client.outstanding < window) recorder.send(client);
  };
  for (const client of senders) for (let i = 0; i < window; i++) recorder.send(client);
}

/** Sends `rate` messages per second in total, round-robin over the senders, checked every millisecond. */
function startPaced(senders: BenchClient[], recorder: Recorder, rate: number, sending: () => boolean): void {
  const start = performance.now();
  let issued = 0;
  let next = 0;
  const tick = () => {
    if (!sending()) return;
    const due = Math.floor(((performance.now() - start) * rate) / 1000) - issued;
    for (let i = 0; i < due; i++) recorder.send(senders[next++ % senders.length]!);
    issued += due;
    setTimeout(tick, 1);
  };
  tick();
}

/** Warm-up, measurement window, then drain: every loop here ends by count or by time. */
export async function runLoad(clients: BenchClient[], recorder: Recorder, plan: LoadPlan, mark: (phase: Mark['phase']) => void): Promise<LoadResult> {
  const senders = clients.filter((c) => c.spec.conversationId !== undefined);
  if (senders.length === 0) throw new Error('no client has a conversation to send into');
  let sending = true;
  const isSending = () => sending;
  if (plan.shape.mode === 'window') startWindowed(senders, recorder, plan.shape.window, isSending);
  else startPaced(senders, recorder, plan.shape.rate, isSending);

  await sleep(plan.warmupMs);
  recorder.windowStart = performance.now();
  const cpuStart = process.cpuUsage();
  mark('measure-start');
  await sleep(plan.measureMs);
  recorder.windowEnd = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  mark('measure-end');
  sending = false;

  await until(() => recorder.settled, plan.drainMs);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return recorder.result(cpuMs / (recorder.windowEnd - recorder.windowStart));
}
