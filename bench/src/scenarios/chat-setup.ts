import type { ClientSpec, LoadPlan } from '../load/messages.js';
import { LoadGenerator } from '../load/remote.js';
import { startRelay } from '../target/relay.js';
import { seedDirectChats, seedUsers, type DirectChat, type SeededUser } from '../target/seed.js';
import { LOAD_FRAME_LIMITS, ONE_ADDRESS_FOR_ALL, startSwitchboard } from '../target/switchboard.js';
import { formatMs, formatPct, formatRate } from '../stats.js';
import { deliveredRate, measureLoad, type Measured } from './measure.js';

export interface Comparison {
  switchboard: Measured;
  relay: Measured;
}

/** A client per user, sending into the direct chat the user is in (if any). */
export function clientsOf(users: SeededUser[], chats: DirectChat[], client: (user: SeededUser) => Pick<ClientSpec, 'url' | 'token'>): ClientSpec[] {
  const chatOf = new Map(chats.flatMap((chat) => chat.members.map((member) => [member, chat] as const)));
  return users.map((user) => {
    const chat = chatOf.get(user.id);
    return { userId: user.id, ...client(user), conversationId: chat?.id, recipients: chat ? chat.members.length - 1 : undefined };
  });
}

/** The same load, first through Switchboard on a fresh database, then through the bare relay. */
export async function compareWithRelay(userCount: number, plan: LoadPlan): Promise<Comparison> {
  const generator = LoadGenerator.start();
  try {
    const sb = await startSwitchboard({ ...ONE_ADDRESS_FOR_ALL, ...LOAD_FRAME_LIMITS });
    let switchboard: Measured;
    let chats: DirectChat[];
    let users: SeededUser[];
    try {
      users = await seedUsers(sb, userCount);
      chats = await seedDirectChats(sb, users);
      switchboard = await measureLoad(
        generator,
        clientsOf(users, chats, (u) => ({ url: sb.wsUrl, token: u.token })),
        plan,
      );
    } finally {
      await sb.close();
    }
    const relay = await startRelay(new Map(chats.map((chat) => [chat.id, chat.members])));
    try {
      return {
        switchboard,
        relay: await measureLoad(
          generator,
          clientsOf(users, chats, (u) => ({ url: relay.wsUrl(u.id) })),
          plan,
        ),
      };
    } finally {
      await relay.close();
    }
  } finally {
    generator.stop();
  }
}

/** The table rows both chat scenarios print: a figure per line, Switchboard then relay. */
export function comparisonRows({ switchboard, relay }: Comparison): string[][] {
  const figures: [string, (m: Measured) => string][] = [
    ['delivered to recipients', (m) => formatRate(deliveredRate(m.load))],
    ['send-to-deliver p50', (m) => formatMs(m.load.latency.p50)],
    ['send-to-deliver p99', (m) => formatMs(m.load.latency.p99)],
    ['send-to-deliver max', (m) => formatMs(m.load.latency.max)],
    ['warm-up p99 (cold start, not in target)', (m) => formatMs(m.load.warmupLatency.p99)],
    ['server process CPU', (m) => formatPct(m.serverCpu)],
    ['load generator CPU', (m) => formatPct(m.load.generatorCpu)],
  ];
  return figures.map(([label, figure]) => [label, figure(switchboard), figure(relay)]);
}
