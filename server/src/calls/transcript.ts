import type { SystemNote } from '@switchboard/protocol';
import type { CallRow } from './storage.js';

type CallNote = Extract<SystemNote, { kind: 'call' }>;

/** The transcript line's facts: clients word it in the reader's language from these. */
export function callNote(call: CallRow, callerName: string, calleeName: string): CallNote {
  const talked = call.end_reason === 'answered' && call.answered_at !== null && call.ended_at !== null;
  return {
    kind: 'call',
    callerId: call.caller_id,
    callerName,
    calleeName,
    media: call.media,
    outcome: call.end_reason ?? 'failed',
    durationMs: talked ? Math.max(0, Number(call.ended_at) - Number(call.answered_at)) : null,
  };
}

export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The English body stored with the line, for API clients that do not render system notes themselves. */
export function callNoteBody(note: CallNote): string {
  const what = `${note.callerName} called ${note.calleeName} (${note.media})`;
  return note.durationMs !== null ? `${what}: answered, ${formatDuration(note.durationMs)}` : `${what}: ${note.outcome}`;
}
