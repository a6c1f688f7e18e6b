import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOM_SOUND_MAX_SECONDS, type NotificationSound } from '@switchboard/protocol';
import { navigate, SETTINGS_TABS, type SettingsTab } from '../app/route';
import { currentLanguage, languages, setLanguage, type Language } from '../i18n';
import { errorText } from '../app/errorText';
import { soundErrorText } from './soundError';
import { useStore } from '../lib/store';
import { TrashIcon } from '../ui/icons';
import { TabBar } from '../ui/TabBar';
import {
  BUNDLED_SOUNDS,
  CUSTOM_SOUND_MAX_BYTES,
  DEFAULT_CHAT_SETTINGS,
  playSound,
  removeSound,
  saveChatSettings,
  settingsStore,
  uploadSound,
} from './settingsStore';
import { AccountPanel } from './AccountPanel';
import '../admin/admin.css';
import './settings.css';

const PlayIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
    <path d="M7 4.5v15a1 1 0 0 0 1.5.86l12.5-7.5a1 1 0 0 0 0-1.72L8.5 3.64A1 1 0 0 0 7 4.5z" />
  </svg>
);

const UploadIcon = () => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
  >
    <path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4M17 8l-5-5-5 5M12 3v12" />
  </svg>
);

function Switch({ on, label, onChange, testId }: { on: boolean; label: string; onChange: (on: boolean) => void; testId: string }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      className={`switch${on ? ' is-on' : ''}`}
      onClick={() => onChange(!on)}
      data-testid={testId}
    >
      <span className="switch__knob" />
    </button>
  );
}

function Row({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="settings-row">
      <div className="settings-row__text">
        <span className="settings-row__title">{title}</span>
        {hint && <span className="settings-row__hint">{hint}</span>}
      </div>
      {children}
    </div>
  );
}

/** How long an audio file plays, read by the browser; null when it cannot tell. */
function audioSeconds(file: File): Promise<number | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const audio = new Audio();
    const done = (value: number | null) => {
      URL.revokeObjectURL(url);
      resolve(value);
    };
    audio.preload = 'metadata';
    audio.onloadedmetadata = () => done(Number.isFinite(audio.duration) ? audio.duration : null);
    audio.onerror = () => done(null);
    setTimeout(() => done(null), 3000);
    audio.src = url;
  });
}

function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function ChatSettingsPanel() {
  const { t } = useTranslation();
  const settings = useStore(settingsStore, (s) => s.chat) ?? DEFAULT_CHAT_SETTINGS;
  const [error, setError] = useState('');
  /** A refused upload is told next to the upload button, where the agent is looking. */
  const [soundError, setSoundError] = useState('');
  const [busy, setBusy] = useState(false);
  const [permission, setPermission] = useState(notificationPermission);
  const fileInput = useRef<HTMLInputElement>(null);

  const save = (change: Parameters<typeof saveChatSettings>[0]) => {
    setError('');
    saveChatSettings(change).catch((err: unknown) => setError(errorText(err, t)));
  };

  const setWebNotifications = async (on: boolean) => {
    if (on && permission !== 'granted') {
      if (permission === 'unsupported') return;
      const answer = await Notification.requestPermission().catch(() => 'denied' as const);
      setPermission(answer);
      if (answer !== 'granted') return;
    }
    save({ webNotifications: on });
  };

  const choose = (sound: NotificationSound) => {
    playSound(sound, settings, true);
    save({ sound });
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setSoundError('');
    if (file.size === 0) return setSoundError(t('settings.chat.notAudio'));
    if (file.size > CUSTOM_SOUND_MAX_BYTES) return setSoundError(t('settings.chat.tooLarge', { kb: CUSTOM_SOUND_MAX_BYTES / 1024 }));
    const seconds = await audioSeconds(file);
    if (seconds !== null && seconds > CUSTOM_SOUND_MAX_SECONDS) return setSoundError(t('settings.chat.tooLong', { seconds: CUSTOM_SOUND_MAX_SECONDS }));
    setBusy(true);
    try {
      const saved = await uploadSound(file);
      playSound('custom', saved, true);
    } catch (err) {
      setSoundError(soundErrorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const remove = () => {
    setError('');
    removeSound().catch((err: unknown) => setError(errorText(err, t)));
  };

  const sounds: NotificationSound[] = [...BUNDLED_SOUNDS, ...(settings.customSound ? (['custom'] as const) : [])];

  return (
    <div className="settings-panel" data-testid="settings-chat">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="settings-card">
        <h2 className="settings-card__title">{t('settings.chat.notifications')}</h2>
        <p className="settings-card__intro">{t('settings.chat.notificationsIntro')}</p>
        <Row title={t('settings.chat.toaster')} hint={t('settings.chat.toasterHint')}>
          <Switch on={settings.toaster} label={t('settings.chat.toaster')} onChange={(toaster) => save({ toaster })} testId="setting-toaster" />
        </Row>
        <Row
          title={t('settings.chat.webNotifications')}
          hint={
            permission === 'denied' ? (
              <span className="settings-row__warning" data-testid="notifications-blocked">
                {t('settings.chat.webBlocked')}
              </span>
            ) : permission === 'unsupported' ? (
              t('settings.chat.webUnsupported')
            ) : (
              t('settings.chat.webHint')
            )
          }
        >
          <Switch
            on={settings.webNotifications && permission === 'granted'}
            label={t('settings.chat.webNotifications')}
            onChange={(on) => void setWebNotifications(on)}
            testId="setting-web-notifications"
          />
        </Row>
      </section>

      <section className="settings-card">
        <h2 className="settings-card__title">{t('settings.chat.sound')}</h2>
        <Row title={t('settings.chat.playSound')} hint={t('settings.chat.playSoundHint')}>
          <Switch on={settings.playSound} label={t('settings.chat.playSound')} onChange={(playSound) => save({ playSound })} testId="setting-play-sound" />
        </Row>
        <div className={`sound-list${settings.playSound ? '' : ' is-off'}`} role="radiogroup" aria-label={t('settings.chat.chooseSound')}>
          {sounds.map((sound) => (
            <div key={sound} className={`sound-option${settings.sound === sound ? ' is-selected' : ''}`}>
              <label className="sound-option__label">
                <input type="radio" name="sound" checked={settings.sound === sound} onChange={() => choose(sound)} data-testid={`sound-${sound}`} />
                <span>{sound === 'custom' ? settings.customSound?.name : t(`settings.chat.sounds.${sound}`)}</span>
                {sound === 'custom' && <span className="sound-option__tag">{t('settings.chat.yourSound')}</span>}
              </label>
              <button
                type="button"
                className="icon-button"
                onClick={() => playSound(sound, settings, true)}
                aria-label={t('settings.chat.preview')}
                title={t('settings.chat.preview')}
                data-testid={`preview-${sound}`}
              >
                <PlayIcon />
              </button>
              {sound === 'custom' && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={remove}
                  aria-label={t('common.remove')}
                  title={t('common.remove')}
                  data-testid="remove-sound"
                >
                  <TrashIcon />
                </button>
              )}
            </div>
          ))}
        </div>
        <div className="settings-upload">
          <button type="button" className="button" onClick={() => fileInput.current?.click()} disabled={busy} data-testid="upload-sound">
            <UploadIcon />
            {settings.customSound ? t('settings.chat.replaceSound') : t('settings.chat.uploadSound')}
          </button>
          <span className="settings-row__hint">{t('settings.chat.uploadHint', { kb: CUSTOM_SOUND_MAX_BYTES / 1024, seconds: CUSTOM_SOUND_MAX_SECONDS })}</span>
          {soundError && (
            <p className="form-error settings-upload__error" role="alert" data-testid="sound-error">
              {soundError}
            </p>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="audio/mpeg,audio/ogg,audio/wav,audio/x-wav,audio/mp4,audio/x-m4a,audio/aac,audio/webm,.mp3,.ogg,.oga,.opus,.wav,.m4a,.aac,.webm"
            hidden
            onChange={(e) => void upload(e)}
            data-testid="sound-file"
          />
        </div>
      </section>
    </div>
  );
}

function GeneralSettingsPanel() {
  const { t } = useTranslation();
  return (
    <div className="settings-panel" data-testid="settings-general">
      <section className="settings-card">
        <h2 className="settings-card__title">{t('settings.general.title')}</h2>
        <Row title={t('settings.language')} hint={t('settings.general.languageHint')}>
          <span className="inline-select">
            <select
              value={currentLanguage()}
              onChange={(e) => setLanguage(e.target.value as Language)}
              aria-label={t('settings.language')}
              data-testid="settings-language"
            >
              {languages.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          </span>
        </Row>
      </section>
    </div>
  );
}

export function SettingsView({ tab }: { tab: SettingsTab }) {
  const { t } = useTranslation();
  return (
    <div className="page settings">
      <TabBar
        tabs={SETTINGS_TABS}
        active={tab}
        label={(name) => t(`settings.tabs.${name}`)}
        onSelect={(name) => navigate({ view: 'settings', tab: name })}
        testIdPrefix="settings-tab-"
      />
      <div className="page__scroll settings__scroll">
        {tab === 'general' && <GeneralSettingsPanel />}
        {tab === 'chat' && <ChatSettingsPanel />}
        {tab === 'account' && <AccountPanel />}
      </div>
    </div>
  );
}
