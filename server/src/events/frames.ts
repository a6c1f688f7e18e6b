import { ClientFrame, type EphemeralEvent } from '@switchboard/protocol';
import type { Actor } from '../access/access.js';
import { callFrame } from '../calls/frames.js';
import type { CallService } from '../calls/service.js';
import type { ChatService } from '../chat/service.js';
import type { CustomerChatService } from '../customer-chat/service.js';
import { toErrorBody } from '../http/error-handler.js';
import type { TeamService } from '../team/service.js';
import type { TypingService } from '../typing/service.js';

export interface FrameHandlers {
  chat: ChatService;
  customerChats: CustomerChatService;
  team: TeamService;
  calls: CallService;
  typing: TypingService;
}

function invalidFrame(issues: { path: PropertyKey[]; message: string }[]): EphemeralEvent {
  const message = issues.map((i) => `${i.path.map(String).join('.') || 'frame'}: ${i.message}`).join('; ');
  return { type: 'error', code: 'VALIDATION_FAILED', message };
}

/** Validates and carries out one client frame; the answer (if any) goes back on the same socket only. */
export async function handleFrame(raw: string, actor: Actor, services: FrameHandlers, device = ''): Promise<EphemeralEvent | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { type: 'error', code: 'VALIDATION_FAILED', message: 'frame: not valid JSON' };
  }
  const parsed = ClientFrame.safeParse(json);
  if (!parsed.success) return invalidFrame(parsed.error.issues);
  const frame = parsed.data;
  const clientId = frame.type === 'send' || frame.type === 'take' || frame.type === 'call.start' ? frame.clientId : undefined;
  try {
    switch (frame.type) {
      case 'ping':
        return { type: 'pong' };
      case 'send': {
        const message = await services.chat.send(actor, frame.conversationId, frame);
        return { type: 'sent', clientId: frame.clientId, message };
      }
      case 'take':
        await services.customerChats.take(actor, frame.conversationId);
        return { type: 'taken', clientId: frame.clientId, conversationId: frame.conversationId };
      case 'read':
        await services.chat.markRead(actor, frame.conversationId, frame.messageId);
        return undefined;
      case 'presence':
        await services.team.setPresence(actor, frame.status);
        return undefined;
      case 'call.start':
        await services.calls.start(actor, device, frame.conversationId, frame.media, frame.clientId);
        return undefined;
      case 'call.accept':
      case 'call.decline':
      case 'call.hangup':
      case 'call.signal':
        return callFrame(frame, { kind: 'user', actor, device }, services.calls);
      case 'typing':
        await services.typing.colleagueTyping(actor, frame.conversationId);
        return undefined;
    }
  } catch (error) {
    const body = toErrorBody(error as Error);
    return { type: 'error', code: body.code, message: body.message, ...(clientId ? { clientId } : {}), ...(body.params ? { params: body.params } : {}) };
  }
}
