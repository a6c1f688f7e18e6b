import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, setLanguage, type Language } from '../i18n';

export function LanguageSelect() {
  const { t } = useTranslation();
  return (
    <label className="inline-select">
      <span>{t('settings.language')}</span>
      <select value={currentLanguage()} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language-select">
        {languages.map((language) => (
          <option key={language} value={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
