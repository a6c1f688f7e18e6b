import type { ClientSpec, LoadPlan } from '../load/messages.js';
import { LoadGenerator } from '../load/remote.js';
import { startRelay } from '../target/relay.js';
import { seedDirectChats, seedUsers, type DirectChat, type SeededUser } from '../target/seed.js';
import { startSwitchboard } from '../target/switchboard.js';
import { measureLoad, type Measured } from './measure.js';

export interface Comparison {
  switchboard: Measured;
  relay: Measured;
}

function clientsOf(users: SeededUser[], chats: DirectChat[], client: (user: SeededUser) => Pick<ClientSpec, 'url' | 'token'>): ClientSpec[] {
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
    const sb = await startSwitchboard();
    let switchboard: Measured;
    let chats: DirectChat[];
    let users: SeededUser[];
    try {
      users = await seedUsers(sb, userCount);
      chats = await seedDirectChats(sb, users);
      switchboard = await measureLoad(generator, clientsOf(users, chats, (u) => ({ url: sb.wsUrl, token: u.token })), plan);
    } finally {
      await sb.close();
    }
    const relay = await startRelay(new Map(chats.map((chat) => [chat.id, chat.members])));
    try {
      return { switchboard, relay: await measureLoad(generator, clientsOf(users, chats, (u) => ({ url: relay.wsUrl(u.id) })), plan) };
    } finally {
      await relay.close();
    }
  } finally {
    generator.stop();
  }
}
