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
  }
}
