import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetTexts, WidgetTextsByLanguage } from '@switchboard/protocol';
import { TabBar } from '../ui/TabBar';

const LANGUAGES = ['en', 'de'] as const;
type TextLanguage = (typeof LANGUAGES)[number];
const FIELDS = ['greeting', 'prechat', 'offline'] as const;

interface Props {
  texts: WidgetTextsByLanguage;
  onChange: (texts: WidgetTextsByLanguage) => void;
}

/**
 * The widget's greeting, pre-chat prompt and offline text, per language: the widget shows the ones of
 * the language it speaks. An empty field shows the built-in text of that language (the placeholder).
 */
export function WidgetTextsEditor({ texts, onChange }: Props) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<TextLanguage>('en');
  const set = (field: keyof WidgetTexts, value: string) => onChange({ ...texts, [language]: { ...texts[language], [field]: value } });
  return (
    <section className="editor__section widget-texts" data-testid="widget-texts">
      <h3 className="editor__section-title">{t('admin.widgets.texts')}</h3>
      <p className="muted editor__hint">{t('admin.widgets.textsHint')}</p>
      <TabBar tabs={LANGUAGES} active={language} label={(l) => t(`admin.widgets.languages.${l}`)} onSelect={setLanguage} testIdPrefix="widget-texts-" />
      {FIELDS.map((field) => (
        <label className="field" key={field}>
          <span>{t(`admin.widgets.text.${field}`)}</span>
          <textarea
            value={texts[language][field]}
            onChange={(e) => set(field, e.target.value)}
            placeholder={t(`admin.widgets.builtIn.${field}`, { lng: language })}
            rows={2}
            maxLength={500}
            lang={language}
            data-testid={`widget-text-${field}`}
          />
        </label>
      ))}
    </section>
  );
}
