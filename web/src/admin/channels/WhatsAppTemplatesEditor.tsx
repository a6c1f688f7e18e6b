import { useTranslation } from 'react-i18next';
import type { WhatsAppTemplate } from '@switchboard/protocol';
import { PlusIcon } from '../../ui/icons';

interface Props {
  templates: WhatsAppTemplate[];
  onChange: (templates: WhatsAppTemplate[]) => void;
}

/** Approved templates typed in by hand, for accounts whose token may not list the business account's templates. */
export function WhatsAppTemplatesEditor({ templates, onChange }: Props) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<WhatsAppTemplate>) => onChange(templates.map((x, i) => (i === index ? { ...x, ...patch } : x)));
  const add = () => onChange([...templates, { name: '', language: 'en_US', body: '', parameterCount: 0 }]);
  return (
    <section className="editor__section" data-testid="whatsapp-templates">
      <h3 className="editor__section-title">{t('admin.channels.whatsapp.templates')}</h3>
      <p className="muted editor__hint">{t('admin.channels.whatsapp.templatesHint')}</p>
      {templates.length === 0 && <p className="muted section-empty">{t('admin.channels.whatsapp.noTemplates')}</p>}
      <ul className="wa-templates">
        {templates.map((template, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; the index is their identity while editing
          <li key={index} className="wa-templates__row" data-testid="whatsapp-template">
            <div className="field-row">
              <label className="field">
                <span>{t('admin.channels.whatsapp.templateName')}</span>
                <input
                  value={template.name}
                  onChange={(e) => update(index, { name: e.target.value.trim() })}
                  required
                  pattern="[a-z0-9_]+"
                  maxLength={512}
                  placeholder="order_update"
                  data-testid="whatsapp-template-name"
                />
              </label>
              <label className="field wa-templates__small">
                <span>{t('admin.channels.whatsapp.templateLanguage')}</span>
                <input
                  value={template.language}
                  onChange={(e) => update(index, { language: e.target.value.trim() })}
                  required
                  pattern="[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?"
                  maxLength={15}
                  data-testid="whatsapp-template-language"
                />
              </label>
              <label className="field wa-templates__small">
                <span>{t('admin.channels.whatsapp.templateParameters')}</span>
                <input
                  type="number"
                  min={0}
                  max={20}
                  value={template.parameterCount}
                  onChange={(e) => update(index, { parameterCount: Math.max(0, Math.min(20, Number(e.target.value) || 0)) })}
                  data-testid="whatsapp-template-parameters"
                />
              </label>
            </div>
            <label className="field">
              <span>{t('admin.channels.whatsapp.templateBody')}</span>
              <textarea
                value={template.body}
                onChange={(e) => update(index, { body: e.target.value })}
                rows={2}
                maxLength={1024}
                // WhatsApp's own {{1}} placeholders, passed in: i18next would read them as its own.
                placeholder={t('admin.channels.whatsapp.templateBodyPlaceholder', { p1: '{{1}}', p2: '{{2}}' })}
                data-testid="whatsapp-template-body"
              />
            </label>
            <button
              type="button"
              className="button button--small button--danger-ghost"
              onClick={() => onChange(templates.filter((_, i) => i !== index))}
              data-testid="whatsapp-template-remove"
            >
              {t('admin.channels.whatsapp.templateRemove')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button--small" onClick={add} data-testid="whatsapp-template-add">
        <PlusIcon />
        {t('admin.channels.whatsapp.templateAdd')}
      </button>
    </section>
  );
}
