import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Menu, MenuItem } from '../ui/Menu';
import { CheckIcon, HangUpIcon, MicIcon, MicOffIcon, SettingsIcon, VideoIcon, VideoOffIcon } from '../ui/icons';
import { formatCallDuration } from '../chat/systemNote';
import { callStore, hangUp, switchDevice, toggleCamera, toggleMute } from './callSession';
import './calls.css';

/** Plays a stream in whichever media element shows it now (a voice call's audio, a video call's picture). */
function useStream(stream: MediaStream | null) {
  const element = useRef<HTMLMediaElement | null>(null);
  const attach = useCallback(
    (node: HTMLMediaElement | null) => {
      element.current = node;
      if (node && node.srcObject !== stream) node.srcObject = stream;
    },
    [stream],
  );
  return { element, attach };
}

function useSeconds(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Microphones, cameras and (where the browser can route audio) speakers, to switch during a call. */
function DeviceMenu({ video, onSpeaker, speaker }: { video: boolean; speaker: string; onSpeaker: (id: string) => void }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    void navigator.mediaDevices.enumerateDevices().then(setDevices);
  }, []);
  const canRoute = 'setSinkId' in HTMLMediaElement.prototype;
  const kinds: [MediaDeviceKind, string][] = [['audioinput', t('calls.devices.microphone')]];
  if (video) kinds.push(['videoinput', t('calls.devices.camera')]);
  if (canRoute) kinds.push(['audiooutput', t('calls.devices.speaker')]);
  return (
    <Menu label={t('calls.devices.title')} icon={<SettingsIcon />} testId="call-devices">
      {(close) =>
        kinds.flatMap(([kind, heading]) => [
          <p key={kind} className="menu__heading">
            {heading}
          </p>,
          ...devices
            .filter((d) => d.kind === kind)
            .map((d, i) => (
              <MenuItem
                key={`${kind}-${d.deviceId}`}
                icon={kind === 'audiooutput' && d.deviceId === speaker ? <CheckIcon /> : <span className="menu__spacer" />}
                label={d.label || `${heading} ${i + 1}`}
                onSelect={() => {
                  close();
                  if (kind === 'audiooutput') onSpeaker(d.deviceId);
                  else void switchDevice(kind === 'audioinput' ? 'audio' : 'video', d.deviceId);
                }}
              />
            )),
        ])
      }
    </Menu>
  );
}

/** The call in progress, above every view so it stays while switching chats: who, how long, controls, video. */
export function CallBar() {
  const { t } = useTranslation();
  const ui = useStore(callStore, (s) => s);
  const now = useSeconds(ui.connectedAt !== null);
  const [speaker, setSpeaker] = useState('');
  const remote = useStream(ui.remote);
  const local = useStream(ui.local);
  useEffect(() => {
    const element = remote.element.current as (HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (speaker && element?.setSinkId) void element.setSinkId(speaker).catch(() => undefined);
  }, [speaker, remote.element]);
  const call = ui.call;
  if (!call && !ui.placing) return null;
  const video = call?.media === 'video';
  const status =
    !call || call.state === 'ringing'
      ? t(call?.withVisitor ? 'calls.status.askedVisitor' : 'calls.status.ringing')
      : ui.connectedAt === null
        ? t('calls.status.connecting')
        : formatCallDuration(now - ui.connectedAt);

  return (
    <section
      className={`call-bar${video ? ' call-bar--video' : ''}`}
      data-testid="call-bar"
      data-state={call?.state ?? 'placing'}
      aria-label={t('calls.inCall')}
    >
      <div className="call-bar__row">
        <Avatar name={call?.peerName || '?'} />
        <div className="call-bar__who">
          <strong>{call?.peerName ?? ''}</strong>
          <span data-testid="call-status">
            {t(video ? 'calls.videoCall' : 'calls.voiceCall')} · {status}
          </span>
        </div>
        <div className="call-bar__controls">
          <button
            type="button"
            className={`icon-button icon-button--bordered${ui.muted ? ' is-active' : ''}`}
            onClick={toggleMute}
            aria-pressed={ui.muted}
            aria-label={ui.muted ? t('calls.unmute') : t('calls.mute')}
            title={ui.muted ? t('calls.unmute') : t('calls.mute')}
            data-testid="call-mute"
          >
            {ui.muted ? <MicOffIcon /> : <MicIcon />}
          </button>
          {video && (
            <button
              type="button"
              className={`icon-button icon-button--bordered${ui.cameraOff ? ' is-active' : ''}`}
              onClick={toggleCamera}
              aria-pressed={ui.cameraOff}
              aria-label={ui.cameraOff ? t('calls.cameraOn') : t('calls.cameraOff')}
              title={ui.cameraOff ? t('calls.cameraOn') : t('calls.cameraOff')}
              data-testid="call-camera"
            >
              {ui.cameraOff ? <VideoOffIcon /> : <VideoIcon />}
            </button>
          )}
          {call?.state === 'connected' && <DeviceMenu video={video} speaker={speaker} onSpeaker={setSpeaker} />}
          <Button variant="danger" icon={<HangUpIcon />} onClick={hangUp} testId="call-hangup" aria-label={t('calls.hangUp')}>
            <span className="button__label">{t('calls.hangUp')}</span>
          </Button>
        </div>
      </div>
      {video ? (
        <div className="call-stage">
          {/* biome-ignore lint/a11y/useMediaCaption: a live call's picture and voice; there is nothing to caption ahead of time. */}
          <video ref={remote.attach} className="call-stage__remote" autoPlay playsInline data-testid="call-remote-video" />
          <video ref={local.attach} className="call-stage__local" autoPlay playsInline muted data-testid="call-local-video" />
        </div>
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: a live call's voice; there is nothing to caption ahead of time.
        <audio ref={remote.attach} autoPlay data-testid="call-remote-audio" />
      )}
    </section>
  );
}
