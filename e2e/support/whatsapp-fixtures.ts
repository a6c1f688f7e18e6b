import type { ChannelTemplateList, Conversation, ConversationInfo, Message } from '@switchboard/protocol';
import type { Page, Route } from 'playwright-core';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const WHATSAPP_CAPS = {
  endSession: false,
  block: true,
  files: true,
  calls: false,
  replyWindowMs: 24 * HOUR,
  templates: true,
  delivery: true,
  fileLimits: { maxFiles: null, maxTotalBytes: null, types: [{ mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 }] },
};
export const ACCOUNT = { id: 5, type: 'whatsapp' as const, name: 'Support line', address: '+49 30 901820' };

function message(id: number, conversationId: number, fields: Partial<Message>): Message {
  return {
    id,
    conversationId,
    author: 'user',
    senderId: null,
    senderName: '',
    clientId: `fixture-${id}`,
    body: '',
    system: null,
    createdAt: Date.now() - (100 - id) * MINUTE,
    attachments: [],
    delivery: null,
    reactions: [],
    ...fields,
  };
}

/**
 * A WhatsApp chat as the server's contract describes it, for the web client's screens before (and
 * independent of) a real WhatsApp number: `open` has its reply window open, `closed` one that closed.
 */
export function whatsappChat(id: number, me: { id: number; name: string }, window: 'open' | 'closed') {
  const delivery = (state: 'sent' | 'delivered' | 'read' | 'failed', error: { code: string; message: string } | null = null) => ({
    state,
    error,
    at: Date.now() - 5 * MINUTE,
  });
  const mine = { author: 'user' as const, senderId: me.id, senderName: me.name };
  const customerName = window === 'open' ? 'Jana Fischer' : 'Tom Becker';
  const customer = { author: 'customer' as const, senderName: customerName };
  const messages: Message[] =
    window === 'open'
      ? [
          message(1, id, { ...customer, body: 'Hallo! My parcel 4711 has not arrived yet. Can you check?' }),
          message(2, id, { ...mine, body: 'Hi Jana, I am looking into it right now.', delivery: delivery('read') }),
          message(3, id, {
            ...mine,
            body: 'It left our warehouse yesterday and should be with you tomorrow.',
            delivery: delivery('read'),
            reactions: [{ emoji: '👍', byName: customerName, byCustomer: true }],
          }),
          message(4, id, { ...customer, body: 'Great, thank you!' }),
          message(5, id, { ...mine, body: 'Here is the tracking link: https://example.com/track/4711', delivery: delivery('delivered') }),
          message(6, id, { ...mine, body: 'Anything else I can do for you?', delivery: delivery('sent') }),
          message(7, id, {
            ...mine,
            body: 'Your invoice is attached.',
            delivery: delivery('failed', { code: '131053', message: 'Media upload error' }),
          }),
        ]
      : [
          message(1, id, { ...customer, body: 'Is the shop open on Sunday?', createdAt: Date.now() - 30 * HOUR }),
          message(2, id, { ...mine, body: 'No, we are closed on Sundays.', delivery: delivery('read'), createdAt: Date.now() - 29 * HOUR }),
          message(3, id, {
            ...mine,
            body: 'We also have a new opening time on Saturdays from next week.',
            delivery: delivery('failed', { code: '131047', message: 'Re-engagement message' }),
            createdAt: Date.now() - 2 * HOUR,
          }),
        ];
  const lastInbound = window === 'open' ? Date.now() - (24 * HOUR - (5 * HOUR + 12 * MINUTE + 30_000)) : Date.now() - 30 * HOUR;
  const conversation: Conversation = {
    id,
    kind: 'external',
    title: customerName,
    members: [{ id: me.id, name: me.name, extension: '200', lastReadMessageId: 100 }],
    lastMessage: messages.at(-1) ?? null,
    lastActivityAt: messages.at(-1)?.createdAt ?? Date.now(),
    unread: 0,
    channel: 'whatsapp',
    state: 'owned',
    owner: me,
    queue: { id: 1, number: '800', name: 'Support' },
    customer: {
      id: id + 1000,
      channel: 'whatsapp',
      name: customerName,
      email: '',
      phone: window === 'open' ? '+49 151 23456789' : '+49 170 9876543',
      language: 'de',
      ip: '',
      blocked: false,
    },
    account: ACCOUNT,
    capabilities: WHATSAPP_CAPS,
    replyWindowClosesAt: lastInbound + 24 * HOUR,
    myRole: 'owner',
    archived: false,
  };
  const info: ConversationInfo = {
    conversationId: id,
    participants: [{ id: me.id, name: me.name, extension: '200', role: 'owner' }],
    customer: conversation.customer ? { ...conversation.customer, firstSeenAt: Date.now() - 40 * 24 * HOUR } : null,
    identities: [
      { type: 'whatsapp', accountName: ACCOUNT.name, address: conversation.customer?.phone ?? '' },
      { type: 'livechat', accountName: 'Website widget', address: '' },
    ],
    sessions: [{ id: 1, openedAt: messages[0]!.createdAt, closedAt: null, closeReason: null, takenBy: me }],
    messages,
  };
  return { conversation, messages, info };
}

export const TEMPLATES: ChannelTemplateList = {
  source: 'api',
  templates: [
    { name: 'order_update', language: 'en_US', body: 'Hello {{1}}, your order {{2}} has shipped and arrives {{3}}.', parameterCount: 3 },
    { name: 'follow_up', language: 'de', body: 'Hallo {{1}}, wir melden uns zu Ihrer Anfrage. Antworten Sie einfach auf diese Nachricht.', parameterCount: 1 },
  ],
};

type Chat = ReturnType<typeof whatsappChat>;

/** Serves the chats through the page's own requests; the rest of the API is the real server's. */
export async function serveWhatsAppChats(page: Page, chats: Chat[]): Promise<{ retried: number[]; merged: number[] }> {
  const retried: number[] = [];
  const merged: number[] = [];
  const json = (route: Route, body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route(/\/api\/conversations(\?.*)?$/, async (route) => {
    if (route.request().method() !== 'GET' || route.request().url().includes('archived=true')) return route.fallback();
    const real = (await (await route.fetch()).json()) as { conversations: Conversation[] };
    return json(route, { conversations: [...chats.map((c) => c.conversation), ...real.conversations] });
  });
  await page.route(/\/api\/channels$/, (route) => json(route, { channels: [ACCOUNT] }));
  await page.route(/\/api\/customers\?/, (route) =>
    json(route, {
      customers: [
        { id: 77, name: 'Jana Fischer', email: 'jana.fischer@example.com', phone: '', channels: ['livechat'], lastSeenAt: Date.now() - 3 * 24 * HOUR },
        { id: 78, name: 'Jana Fischer-Lange', email: '', phone: '+49 160 5550123', channels: ['whatsapp'], lastSeenAt: Date.now() - 40 * 24 * HOUR },
      ],
    }),
  );
  await page.route(/\/api\/channels\/\d+\/templates$/, (route) => json(route, TEMPLATES));
  for (const chat of chats) {
    const base = `/api/conversations/${chat.conversation.id}`;
    await page.route(new RegExp(`${base}(\\?.*)?$`), (route) => json(route, chat.conversation));
    await page.route(new RegExp(`${base}/messages(\\?.*)?$`), (route) =>
      route.request().method() === 'POST'
        ? // WhatsApp's 24 hours ran out after the chat was loaded: the server refuses free text.
          json(route, { error: { code: 'REPLY_WINDOW_CLOSED', message: 'The customer last wrote more than 24 hours ago', params: { closedAt: '0' } } }, 409)
        : json(route, { messages: chat.messages, nextBefore: null }),
    );
    await page.route(new RegExp(`${base}/info$`), (route) => json(route, chat.info));
    await page.route(new RegExp(`${base}/templates$`), (route) => json(route, TEMPLATES));
    await page.route(new RegExp(`${base}/read$`), (route) => json(route, { ok: true }));
    await page.route(new RegExp(`${base}/merge$`), (route) => {
      merged.push((route.request().postDataJSON() as { customerId: number }).customerId);
      return json(route, { ok: true });
    });
    await page.route(new RegExp(`${base}/messages/(\\d+)/retry$`), (route) => {
      const messageId = Number(/messages\/(\d+)\/retry/.exec(route.request().url())![1]);
      retried.push(messageId);
      const original = chat.messages.find((m) => m.id === messageId)!;
      return json(route, { ...original, delivery: { state: 'sending', error: null, at: Date.now() } });
    });
  }
  return { retried, merged };
}
