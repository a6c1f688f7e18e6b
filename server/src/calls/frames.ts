import { type CallPartyFrame, type EphemeralEvent, VisitorClientFrame } from '@switchboard/protocol';
import { toErrorBody } from '../http/error-handler.js';
import type { CallService, Party } from './service.js';

/** Carries out a call frame from either party; a refusal is answered on the sending socket only. */
export async function callFrame(frame: CallPartyFrame, party: Party, calls: CallService): Promise<EphemeralEvent | undefined> {
  try {
    switch (frame.type) {
      case 'call.accept':
        await calls.accept(party, frame.callId);
        break;
      case 'call.decline':
        await calls.decline(party, frame.callId);
        break;
      case 'call.hangup':
        await calls.hangup(party, frame.callId);
        break;
      case 'call.signal':
        await calls.signal(party, frame.callId, frame.signal);
        break;
    }
    return undefined;
  } catch (error) {
    const body = toErrorBody(error as Error);
    return { type: 'error', code: body.code, message: body.message };
  }
}

/**
 * A frame on /ws/visitor: a ping (and, as before calls existed, anything unreadable) is answered with a pong;
 * a call frame that does not match its shape with an error naming the field.
 */
export async function visitorFrame(raw: string, party: Party, calls: CallService): Promise<EphemeralEvent | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { type: 'pong' };
  }
  const parsed = VisitorClientFrame.safeParse(json);
  if (!parsed.success) {
    const isCall = typeof (json as { type?: unknown } | null)?.type === 'string' && (json as { type: string }).type.startsWith('call.');
    if (!isCall) return { type: 'pong' };
    const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'frame'}: ${i.message}`).join('; ');
    return { type: 'error', code: 'VALIDATION_FAILED', message };
  }
  if (parsed.data.type === 'ping') return { type: 'pong' };
  return callFrame(parsed.data, party, calls);
}
