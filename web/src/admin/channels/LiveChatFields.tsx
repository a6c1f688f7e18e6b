import { useTranslation } from 'react-i18next';
import type { ChannelAccount } from '@switchboard/protocol';
import { ExternalIcon } from '../../ui/icons';
import { WidgetTextsEditor } from '../WidgetTextsEditor';
import type { LiveChatInput } from './ChannelEditor';
import { CopyBox } from './CopyBox';
import { useTurnConfigured } from '../../calls/iceQuery';

type Settings = LiveChatInput['settings'];
const LANGUAGES: Settings['language'][] = ['auto', 'en', 'de'];

export const NEW_LIVECHAT_SETTINGS: Settings = {
  // Empty: the widget's built-in texts in each language, until the admin writes their own.
  texts: { en: { greeting: '', offline: '', prechat: '' }, de: { greeting: '', offline: '', prechat: '' } },
  askName: true,
  askEmail: false,
  colour: '#1f6feb',
  language: 'auto',
  allowCalls: false,
};

export function embedSnippet(key: string): string {
  return `<script src="${location.origin}/widget.js" data-widget="${key}" async></script>`;
}

interface Props {
  account: ChannelAccount | null;
  settings: Settings;
  onChange: (settings: Settings) => void;
}

/** A website widget's texts, look and behaviour, and (once saved) the snippet that embeds it. */
export function LiveChatFields({ account, settings, onChange }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => onChange({ ...settings, [key]: value });
  const turn = useTurnConfigured(settings.allowCalls);
  return (
    <>
      <WidgetTextsEditor texts={settings.texts} onChange={(texts) => set('texts', texts)} />
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.widgets.appearance')}</h3>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.widgets.colour')}</span>
            <span className="colour-field">
              <input type="color" value={settings.colour} onChange={(e) => set('colour', e.target.value)} data-testid="widget-colour" />
              <code>{settings.colour}</code>
            </span>
          </label>
          <label className="field">
            <span>{t('admin.widgets.language')}</span>
            <select value={settings.language} onChange={(e) => set('language', e.target.value as Settings['language'])} data-testid="widget-language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`admin.widgets.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="checks">
          <label className="check">
            <input type="checkbox" checked={settings.askName} onChange={(e) => set('askName', e.target.checked)} data-testid="widget-ask-name" />
            <span>{t('admin.widgets.askName')}</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.askEmail} onChange={(e) => set('askEmail', e.target.checked)} data-testid="widget-ask-email" />
            <span>{t('admin.widgets.askEmail')}</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={settings.allowCalls} onChange={(e) => set('allowCalls', e.target.checked)} data-testid="widget-allow-calls" />
            <span>{t('admin.widgets.allowCalls')}</span>
          </label>
        </div>
        {settings.allowCalls && turn.data === false && (
          <p className="muted editor__hint" data-testid="widget-calls-direct-only">
            {t('admin.widgets.callsDirectOnly')}
          </p>
        )}
      </section>
      {account && (
        <section className="editor__section">
          <h3 className="editor__section-title">{t('admin.widgets.embed')}</h3>
          <p className="muted editor__hint">{t('admin.widgets.embedHint')}</p>
          <CopyBox text={embedSnippet(account.key)} testId="widget-snippet" copiedText={t('admin.widgets.copied')} />
          <a className="link-button snippet__demo" href="/demo" target="_blank" rel="noreferrer" data-testid="widget-demo">
            <ExternalIcon />
            {t('admin.widgets.demo')}
          </a>
        </section>
      )}
    </>
  );
}
