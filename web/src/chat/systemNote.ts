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
  }
}
