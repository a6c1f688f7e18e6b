/**
 * @deprecated Messages moved to `conversations/messages.ts` (reads) and `ConversationCore.post` (writes).
 * Kept for code written against the old place; import from `conversations/` instead.
 */
export { type NewMessage, findByClientId, history, lastMessages, toMessage, withAttachments } from '../conversations/messages.js';
