import type { TFunction } from 'i18next';
import type { SystemNote } from '@switchboard/protocol';

/** System lines carry facts, not text, so each client can word them in its own language. */
export function systemNoteText(note: SystemNote, t: TFunction, body = ''): string {
  switch (note.kind) {
    case 'taken':
      return t('chat.system.taken', { agentName: note.agentName });
    case 'transferred':
      return t('chat.system.transferred', { fromName: note.fromName, toName: note.toName });
    case 'dealt_with':
      return t('chat.system.dealtWith', { agentName: note.agentName });
    case 'session_ended':
      return t('chat.system.sessionEnded', { agentName: note.agentName });
    case 'blocked':
      return t('chat.system.blocked', { agentName: note.agentName });
    case 'offline_reply':
      return t('chat.system.offlineReply');
    case 'external_reply':
      // A reply written outside Switchboard (Meta's Page inbox): what the customer was told, and where from.
      return t('chat.system.externalReply', { via: note.via, body });
    case 'group_renamed':
      return t('chat.system.groupRenamed', { byName: note.byName, title: note.title });
    case 'members_added':
      return t('chat.system.membersAdded', { byName: note.byName, names: note.names.join(', '), count: note.names.length });
    case 'member_removed':
      return t('chat.system.memberRemoved', { byName: note.byName, name: note.name });
    case 'member_left':
      return t('chat.system.memberLeft', { name: note.name });
    case 'call': {
      const call = t(note.media === 'video' ? 'chat.system.videoCall' : 'chat.system.voiceCall', { callerName: note.callerName, calleeName: note.calleeName });
      const outcome = t(`chat.system.callOutcome.${note.outcome}`, { duration: formatCallDuration(note.durationMs ?? 0) });
      return `${call}: ${outcome}`;
    }
  }
}

/** 0:42, 12:05, 1:02:09: how long a call lasted. */
export function formatCallDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
