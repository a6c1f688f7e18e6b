import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { CallIcon, HangUpIcon, VideoIcon } from '../ui/icons';
import { acceptCall, callStore, declineCall } from './callSession';
import { useRingtone } from './ringtone';

/** The ringing call on this device (every device of the callee rings): accept with or without video, or decline. */
export function IncomingCall() {
  const { t } = useTranslation();
  const call = useStore(callStore, (s) => s.incoming[0]);
  const busy = useStore(callStore, (s) => s.call !== null);
  useRingtone(call !== undefined && !busy);
  if (!call || busy) return null;
  const video = call.media === 'video';
  return (
    <Dialog
      title={t(video ? 'calls.incoming.video' : 'calls.incoming.voice')}
      onClose={() => declineCall(call)}
      testId="incoming-call"
      wide
      footer={
        <>
          <Button variant="danger" icon={<HangUpIcon />} onClick={() => declineCall(call)} testId="call-decline">
            {t('calls.decline')}
          </Button>
          {video && (
            <Button icon={<CallIcon />} onClick={() => void acceptCall(call, false)} testId="call-accept-voice">
              {t('calls.acceptVoice')}
            </Button>
          )}
          <Button variant="primary" icon={video ? <VideoIcon /> : <CallIcon />} onClick={() => void acceptCall(call, true)} testId="call-accept">
            {t(video ? 'calls.acceptVideo' : 'calls.accept')}
          </Button>
        </>
      }
    >
      <div className="incoming-call">
        <Avatar name={call.peerName || '?'} />
        <p>
          <strong>{call.peerName}</strong>
          <span className="muted">{t(video ? 'calls.incoming.videoText' : 'calls.incoming.voiceText')}</span>
        </p>
      </div>
    </Dialog>
  );
}
