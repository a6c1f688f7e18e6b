import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { customerAbilities } from '../chat/customerAbilities';
import { useStore } from '../lib/store';
import { CallIcon, VideoIcon } from '../ui/icons';
import { callStore, startCall } from './callSession';

/**
 * The call and video icons at the top of a chat: direct chats, and a live chat its owner took whose widget allows
 * calls (the visitor then starts the call from the widget). Calls are one-to-one: a group chat shows why not.
 */
export function CallButtons({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const busy = useStore(callStore, (s) => s.call !== null || s.placing);
  if (conversation.kind === 'group') {
    return (
      <span className="call-buttons__note" title={t('calls.groupsOneToOne')} data-testid="call-group-note">
        <button type="button" className="icon-button" disabled aria-label={t('calls.groupsOneToOne')}>
          <CallIcon />
        </button>
      </span>
    );
  }
  if (conversation.kind === 'external') {
    const can = customerAbilities(conversation, currentUser().role === 'admin');
    if (!can.calls || conversation.myRole !== 'owner' || conversation.state !== 'owned') return null;
  }
  const visitor = conversation.kind === 'external';
  const label = (media: 'voice' | 'video') => t(visitor ? `calls.ask.${media}` : `calls.start.${media}`);
  return (
    <div className="call-buttons">
      <button
        type="button"
        className="icon-button icon-button--bordered"
        onClick={() => void startCall(conversation.id, 'voice')}
        disabled={busy}
        aria-label={label('voice')}
        title={label('voice')}
        data-testid="call-voice"
      >
        <CallIcon />
      </button>
      <button
        type="button"
        className="icon-button icon-button--bordered"
        onClick={() => void startCall(conversation.id, 'video')}
        disabled={busy}
        aria-label={label('video')}
        title={label('video')}
        data-testid="call-video"
      >
        <VideoIcon />
      </button>
    </div>
  );
}
