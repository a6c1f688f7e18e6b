import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateCategory } from '@switchboard/protocol';
import { fillTemplate, type TemplateValues } from '@switchboard/protocol/templates-core';
import { errorText } from '../app/errorText';
import { currentUser } from '../auth/session';
import { CloseIcon, SearchIcon } from '../ui/icons';
import { isTouchScreen } from '../ui/touch';
import { matchesSearch, useManagesTemplates, useTemplates } from './templatesApi';
import { ALL_LANGUAGES as ALL, initialLanguage, languageOptions, noTemplatesKey } from './templateFilter';
import './templates.css';

const NO_CATEGORIES: readonly TemplateCategory[] = [];

interface Props {
  /** Filled into the placeholders when a template is picked. */
  values: TemplateValues;
  /** The conversation's language when known; else the filter starts on every language. */
  language?: string | null;
  onPick: (text: string) => void;
  onClose: () => void;
}

/** The quick responses of my groups: category tabs, a language filter and search; a click hands the filled text over. */
export function TemplatesPanel({ values, language, onPick, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const loaded = useTemplates();
  const templates = loaded.data?.templates ?? null;
  const categories = loaded.data?.categories ?? NO_CATEGORIES;
  const error = loaded.isError ? errorText(loaded.error, t) : '';
  const [text, setText] = useState('');
  const [category, setCategory] = useState(ALL);
  const [lang, setLang] = useState<string>(initialLanguage(language));
  const manages = useManagesTemplates(currentUser().role === 'admin');
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const onDown = (e: MouseEvent) => {
      const anchor = panel.current?.parentElement;
      if (anchor && !anchor.contains(e.target as Node)) onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [onClose]);

  /** Categories of the same name in several of my groups share one tab. */
  const tabs = useMemo(() => {
    const used = new Set((templates ?? []).map((tpl) => tpl.categoryId));
    const names = new Map<string, Set<number>>();
    for (const c of categories) {
      if (!used.has(c.id)) continue;
      names.set(c.name, (names.get(c.name) ?? new Set()).add(c.id));
    }
    return [...names].map(([name, ids]) => ({ name, ids }));
  }, [templates, categories]);

  const languages = useMemo(() => languageOptions(templates ?? [], lang, i18n.language), [templates, lang, i18n.language]);

  const tab = tabs.find((x) => x.name === category);
  const shown = (templates ?? []).filter(
    (tpl) => (lang === ALL || tpl.language === lang) && (!tab || (tpl.categoryId !== null && tab.ids.has(tpl.categoryId))) && matchesSearch(tpl, text),
  );

  return (
    <div className="templates-panel" ref={panel} role="dialog" aria-label={t('templates.title')} data-testid="templates-panel">
      <header className="templates-panel__head">
        <h3>{t('templates.title')}</h3>
        <label className="search-field templates-panel__search">
          <SearchIcon />
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('templates.search')}
            aria-label={t('templates.search')}
            data-testid="templates-search"
            autoFocus={!isTouchScreen()}
          />
        </label>
        <select
          className="templates-panel__language"
          value={lang}
          onChange={(e) => setLang(e.target.value)}
          aria-label={t('templates.language')}
          data-testid="templates-language"
        >
          <option value={ALL}>{t('templates.allLanguages', { count: templates?.length ?? 0 })}</option>
          {languages.map(({ code, label }) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          <CloseIcon />
        </button>
      </header>
      {tabs.length > 0 && (
        <div className="templates-panel__tabs" role="tablist" aria-label={t('templates.categories')}>
          {[{ name: ALL, label: t('templates.allCategories') }, ...tabs.map((x) => ({ name: x.name, label: x.name }))].map((x) => (
            <button
              key={x.name || '*'}
              type="button"
              role="tab"
              aria-selected={category === x.name}
              className={`templates-panel__tab${category === x.name ? ' is-active' : ''}`}
              onClick={() => setCategory(x.name)}
              data-testid="templates-category"
            >
              {x.label}
            </button>
          ))}
        </div>
      )}
      <div className="templates-panel__list">
        {error ? (
          <p className="form-error">{error}</p>
        ) : templates === null ? (
          <p className="muted templates-panel__note">{t('app.loading')}</p>
        ) : templates.length === 0 ? (
          <p className="muted templates-panel__note" data-testid="templates-empty">
            {t(noTemplatesKey(manages))}
          </p>
        ) : shown.length === 0 ? (
          <p className="muted templates-panel__note">{t('templates.noMatch')}</p>
        ) : (
          <ul>
            {shown.map((tpl) => {
              const filled = fillTemplate(tpl.body, values);
              return (
                <li key={tpl.id}>
                  <button type="button" className="templates-panel__item" onClick={() => onPick(filled)} data-testid="template-item" data-template-id={tpl.id}>
                    <span className="templates-panel__item-title">
                      <span data-testid="template-title">{tpl.title}</span>
                      {lang === ALL && <span className="templates-panel__lang">{tpl.language.toUpperCase()}</span>}
                    </span>
                    <span className="templates-panel__item-body">{filled}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
