/** @jsxImportSource preact */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { fill, type Strings } from '../i18n.js';
import type { CallSnapshot, VisitorCall } from '../visitor-call.js';
import { CameraIcon, HangUpIcon, MicIcon, PhoneIcon } from './icons.js';

/** Plays a stream in the element showing it now. */
function useStream(stream: MediaStream | null) {
  return useCallback(
    (node: HTMLMediaElement | null) => {
      if (node && node.srcObject !== stream) node.srcObject = stream;
    },
    [stream],
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

const duration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The agent's call request, which the visitor starts (the browser asks for the microphone then), or the call itself. */
export function CallCard({ call, snapshot, t }: { call: VisitorCall; snapshot: CallSnapshot; t: Strings }) {
  const now = useNow(snapshot.connectedAt !== null);
  const remote = useStream(snapshot.remote);
  const local = useStream(snapshot.local);
  const view = snapshot.call;
  if (!view) {
    if (!snapshot.problem) return null;
    return (
      <p class="sb-call-problem" role="alert">
        {snapshot.problem === 'media' ? t.callMediaRefused : t.callFailed}
      </p>
    );
  }
  const video = view.media === 'video';
  if (view.state === 'ringing') {
    return (
      <section class="sb-call sb-call-request" data-testid="widget-call-request">
        <p class="sb-call-title">{fill(video ? t.callRequestVideo : t.callRequestVoice, { name: view.peerName })}</p>
        <p class="sb-call-hint">{fill(t.callRequestHint, { camera: video ? t.callCameraHint : '' })}</p>
        <div class="sb-call-actions">
          <button type="button" class="sb-call-secondary" onClick={() => call.decline()} data-testid="call-decline">
            {t.callNotNow}
          </button>
          {video && (
            <button type="button" class="sb-call-secondary" disabled={snapshot.starting} onClick={() => void call.start(false)} data-testid="call-accept-voice">
              {t.callStartVoice}
            </button>
          )}
          <button type="button" class="sb-primary sb-call-start" disabled={snapshot.starting} onClick={() => void call.start(true)} data-testid="call-accept">
            {video ? <CameraIcon off={false} /> : <PhoneIcon />}
            {video ? t.callStartVideo : t.callStart}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section class={`sb-call${video ? ' sb-call-video' : ''}`} data-testid="widget-call">
      {video && (
        <div class="sb-call-stage">
          {/* biome-ignore lint/a11y/useMediaCaption: a live call's picture and voice; there is nothing to caption ahead of time. */}
          <video ref={remote} class="sb-call-remote" autoplay playsinline />
          <video ref={local} class="sb-call-local" autoplay playsinline muted />
        </div>
      )}
      {/* biome-ignore lint/a11y/useMediaCaption: a live call's voice; there is nothing to caption ahead of time. */}
      {!video && <audio ref={remote} autoplay />}
      <div class="sb-call-bar">
        <p class="sb-call-who">
          <strong>{fill(t.callWith, { name: view.peerName })}</strong>
          <span data-testid="call-status">{snapshot.connectedAt === null ? t.callConnecting : duration(now - snapshot.connectedAt)}</span>
        </p>
        <button
          type="button"
          class={`sb-call-button${snapshot.muted ? ' sb-on' : ''}`}
          aria-pressed={snapshot.muted}
          aria-label={snapshot.muted ? t.callUnmute : t.callMute}
          title={snapshot.muted ? t.callUnmute : t.callMute}
          onClick={() => call.toggleMute()}
          data-testid="call-mute"
        >
          <MicIcon off={snapshot.muted} />
        </button>
        {video && (
          <button
            type="button"
            class={`sb-call-button${snapshot.cameraOff ? ' sb-on' : ''}`}
            aria-pressed={snapshot.cameraOff}
            aria-label={snapshot.cameraOff ? t.callCameraOn : t.callCameraOff}
            title={snapshot.cameraOff ? t.callCameraOn : t.callCameraOff}
            onClick={() => call.toggleCamera()}
            data-testid="call-camera"
          >
            <CameraIcon off={snapshot.cameraOff} />
          </button>
        )}
        <button
          type="button"
          class="sb-call-button sb-call-hangup"
          aria-label={t.callHangUp}
          title={t.callHangUp}
          onClick={() => call.hangUp()}
          data-testid="call-hangup"
        >
          <HangUpIcon />
        </button>
      </div>
    </section>
  );
}
