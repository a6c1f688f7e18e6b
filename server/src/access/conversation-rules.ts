import type { ConversationState } from '@switchboard/protocol';
import type { MemberRole } from '../db/schema.js';

/** The conversation verbs of the permission vocabulary. */
export type ConversationPermission =
  | 'conversation.read'
  | 'conversation.send'
  | 'conversation.archive'
  | 'conversation.take'
  | 'conversation.transfer'
  | 'conversation.close'
  | 'conversation.delete'
  | 'conversation.email'
  | 'conversation.merge'
  | 'conversation.rename'
  | 'conversation.members'
  | 'conversation.leave'
  /** Start or take part in a voice/video call in it (the channel and the chat's kind are checked by calls/). */
  | 'conversation.call';

/** What the rules need to know about an actor and one conversation (see docs/protocol.md, "Who may do what"). */
export interface ConversationFacts {
  /** A customer chat's state; `internal` for direct and group chats between colleagues. */
  state: ConversationState | 'internal';
  /** The actor's membership: `former` stays after Dealt with (their archive), whoever has the chat now. */
  role: MemberRole | null;
  /** An admin, or a manager of the queue the conversation belongs to. */
  supervisor: boolean;
  admin: boolean;
  /** Someone other than the actor owns the chat now (also while closed by End chat session: it stays theirs). */
  ownedByOther: boolean;
  /** The actor was the chat's owner when it was last marked Dealt with. */
  lastOwner: boolean;
  /** A group chat (the only kind whose name and members change). */
  group: boolean;
  /** The actor created this group chat. */
  creator: boolean;
}

type Rule = (f: ConversationFacts) => boolean;

const external = (f: ConversationFacts) => f.state !== 'internal';

/** Working on it now: its owner, or an agent it is offered to while it waits in the queue. */
const inHand = (f: ConversationFacts) => f.role === 'owner' || (f.role === 'offered' && f.state === 'queued');

/**
 * Still theirs in the archive: they marked it Dealt with (or owned it then), it is closed, and nobody took
 * it up since. Once it comes back and a colleague has it, a former owner keeps only reading and their archive flag.
 */
const lastHand = (f: ConversationFacts) => f.role === 'former' && f.lastOwner && f.state === 'closed' && !f.ownedByOther;

const seesExternal = (f: ConversationFacts) => f.role === 'offered' || f.role === 'owner' || f.role === 'former';

/** Manages a group chat: a member who created it, or a member who is an admin (admins read no chat they are not in). */
const managesGroup = (f: ConversationFacts) => f.group && f.role === 'member' && (f.creator || f.admin);

/**
 * Who may do what with a conversation. An admin manages accounts but reads no private chat: internal
 * chats admit their members only; customer chats also admit the queue's supervisors.
 */
export const conversationRules: Record<ConversationPermission, Rule> = {
  'conversation.read': (f) => (external(f) ? seesExternal(f) || f.supervisor : f.role === 'member'),
  'conversation.send': (f) => (external(f) ? inHand(f) : f.role === 'member'),
  /** The archive flag is the actor's own, on their membership: supervisors looking in have none. */
  'conversation.archive': (f) => (external(f) ? seesExternal(f) : f.role === 'member'),
  /** A supervisor may not take a chat a colleague owns (they transfer it instead); the owner's Take is a no-op. */
  'conversation.take': (f) => external(f) && (inHand(f) || lastHand(f) || (f.supervisor && !f.ownedByOther)),
  'conversation.transfer': (f) => external(f) && (inHand(f) || lastHand(f) || f.supervisor),
  /** Dealt with, End chat session, Block: only who is working on it, or a supervisor. */
  'conversation.close': (f) => external(f) && (inHand(f) || f.supervisor),
  /** For good, for everyone: the owner, the last owner while nobody else has it, or an admin. */
  'conversation.delete': (f) => external(f) && (f.role === 'owner' || lastHand(f) || f.admin),
  /** Writes to the customer on the company's behalf, so like transfer: not for a chat a colleague has now. */
  'conversation.email': (f) => external(f) && (inHand(f) || lastHand(f) || f.supervisor),
  /** Makes another customer this chat's customer (one person on two channels): as for email, whoever may act for the chat. */
  'conversation.merge': (f) => external(f) && (inHand(f) || lastHand(f) || f.supervisor),
  /** A group chat's title: its creator and the admins among its members. */
  'conversation.rename': managesGroup,
  /** Add colleagues to a group chat and remove them: as for its title. */
  'conversation.members': managesGroup,
  /** Every member may leave a group chat (a direct chat has two people and no leaving). */
  'conversation.leave': (f) => f.group && f.role === 'member',
  /**
   * A call: between the members of an internal chat; with a customer only by the agent who took the chat, while
   * it is theirs and open (no supervisor looking in, no offer waiting to be taken).
   */
  'conversation.call': (f) => (external(f) ? f.role === 'owner' && f.state === 'owned' : f.role === 'member'),
};
