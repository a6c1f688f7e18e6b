import type { Conversation } from '@switchboard/protocol';

/**
 * Who may do what in a customer chat, the one place that decides it from the conversation and its
 * channel's capabilities. It mirrors the server's rules (docs/protocol.md, "Who may do what") so the
 * header, the composer and Information offer only what will work; the server stays the authority.
 */
export function customerAbilities(c: Conversation, isAdmin: boolean, now = Date.now()) {
  const offered = c.myRole === 'offered' && c.state === 'queued';
  const inHand = c.myRole === 'owner' || offered;
  // After Dealt with, still in the former owner's hands only while closed and nobody took it up since
  // (the server also requires that they were its last owner, which the list does not tell us).
  const lastHand = c.myRole === 'former' && c.state === 'closed' && c.owner === null;
  const supervisor = c.myRole === 'supervisor';
  const handling = inHand || supervisor;
  // Chats from before channel capabilities were sent are live chats: they could do everything live chat can.
  const caps = c.capabilities ?? {
    endSession: c.channel === 'livechat',
    block: c.channel === 'livechat',
    files: true,
    calls: false,
    templates: false,
    delivery: false,
  };
  // A blocked customer is cut off: the server refuses replies, and a second Block would change nothing.
  const blocked = c.customer?.blocked === true;
  const reply = inHand && !blocked;
  // Messaging apps allow free text only within their reply window; templates still reach the customer after it.
  const windowOpen = c.replyWindowClosesAt === null || c.replyWindowClosesAt > now;
  return {
    take: (offered || lastHand || supervisor) && c.owner === null,
    transfer: handling || lastHand,
    dealtWith: handling,
    end: caps.endSession && handling && c.state !== 'closed',
    block: caps.block && handling && !blocked,
    /** How Block is worded: a website visitor is blocked by address, a messaging-app customer by number. */
    blockKind: c.channel === 'livechat' ? ('visitor' as const) : ('number' as const),
    archive: !supervisor,
    remove: c.myRole === 'owner' || lastHand || isAdmin,
    reply,
    /** Free text now: a reply within the channel's window. */
    freeText: reply && windowOpen,
    /** An approved template message (WhatsApp): inside the window from the menu, after it instead of the composer. */
    template: reply && caps.templates,
    files: reply && windowOpen && caps.files,
    /** Call and video buttons: never for messaging apps, whose customers cannot be called from here. */
    calls: caps.calls && c.channel === 'livechat',
    /** Delivery marks (sending, sent, delivered, read, failed) on my messages. */
    delivery: caps.delivery,
    email: handling || lastHand,
    merge: handling || lastHand,
  };
}

export type CustomerAbilities = ReturnType<typeof customerAbilities>;
