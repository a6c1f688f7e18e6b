import { sendFrame } from '../realtime/sync';
import { resetTold, shouldTellTyping } from './typingStore';

/** The composer changed: tell the others I am typing (at most every 3 s; not for a cleared box). */
export function tellTyping(conversationId: number, text: string): void {
  if (text.trim() === '' || !shouldTellTyping(conversationId, Date.now())) return;
  if (!sendFrame({ type: 'typing', conversationId })) resetTold(conversationId);
}

/** My message went: the next keystroke starts a new indicator right away. */
export function sentTyping(conversationId: number): void {
  resetTold(conversationId);
}
