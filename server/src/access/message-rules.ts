/** What the rule needs to know about one message and who wants to change it. */
export interface MessageFacts {
  /** The actor wrote it. */
  own: boolean;
  /** It is in a direct or group chat between colleagues (a customer's copy cannot be taken back). */
  internal: boolean;
  /** The actor may still write in the conversation (a member). */
  member: boolean;
  deleted: boolean;
  /** How long ago it was sent, and how long messages may be changed (MESSAGE_EDIT_MINUTES). */
  ageMs: number;
  windowMs: number;
}

/**
 * Edit and delete: only my own message, in an internal chat I am still in, not yet deleted, within the
 * window. A message to a customer has reached them (their widget, their phone) and cannot be unsent.
 */
export const mayChangeMessage = (f: MessageFacts): boolean => f.own && f.internal && f.member && !f.deleted && f.ageMs <= f.windowMs;
