import { useTranslation } from 'react-i18next';
import type { WhatsAppTemplate } from '@switchboard/protocol';
import { SelectField, TextField } from '../ui/Field';
import type { TemplateChoice } from './channelActions';
import { fillParameters } from './templateText';

export const templateKey = (t: Pick<WhatsAppTemplate, 'name' | 'language'>) => `${t.name}|${t.language}`;

/** The template picked and its parameters, as a form keeps them. */
export interface TemplateDraft {
  key: string;
  parameters: string[];
}

/** What to send, or null while no template is picked or a parameter is blank. */
export function templateChoice(templates: readonly WhatsAppTemplate[], draft: TemplateDraft): TemplateChoice | null {
  const template = templates.find((t) => templateKey(t) === draft.key);
  if (!template) return null;
  const parameters = Array.from({ length: template.parameterCount }, (_, i) => draft.parameters[i]?.trim() ?? '');
  if (parameters.some((p) => !p)) return null;
  return { name: template.name, language: template.language, parameters };
}

/** Pick an approved template, fill its parameters, and see the message as the customer will. */
export function TemplateFields({
  templates,
  draft,
  onChange,
}: {
  templates: readonly WhatsAppTemplate[];
  draft: TemplateDraft;
  onChange: (draft: TemplateDraft) => void;
}) {
  const { t } = useTranslation();
  const template = templates.find((x) => templateKey(x) === draft.key);
  const setParameter = (i: number, value: string) => {
    const parameters = [...draft.parameters];
    parameters[i] = value;
    onChange({ ...draft, parameters });
  };
  return (
    <>
      <SelectField
        label={t('channelTemplates.template')}
        value={draft.key}
        onChange={(key) => onChange({ key, parameters: [] })}
        testId="channel-template-select"
      >
        <option value="" disabled>
          {t('channelTemplates.pick')}
        </option>
        {templates.map((x) => (
          <option key={templateKey(x)} value={templateKey(x)}>
            {x.name} · {x.language}
          </option>
        ))}
      </SelectField>
      {template && (
        <>
          {Array.from({ length: template.parameterCount }, (_, i) => (
            <TextField
              // biome-ignore lint/suspicious/noArrayIndexKey: parameters are positional ({{1}}, {{2}}…)
              key={i}
              label={t('channelTemplates.parameter', { n: i + 1 })}
              value={draft.parameters[i] ?? ''}
              onChange={(v) => setParameter(i, v)}
              maxLength={1024}
              testId="channel-template-parameter"
            />
          ))}
          <div className="template-preview">
            <span className="template-preview__label">{t('channelTemplates.preview')}</span>
            <p className="template-preview__bubble" data-testid="channel-template-preview">
              {fillParameters(template.body, draft.parameters) || template.name}
            </p>
          </div>
        </>
      )}
    </>
  );
}

export interface ManualTemplate {
  name: string;
  language: string;
  /** One per line, in order: {{1}}, {{2}}… */
  parameters: string;
}

export function manualChoice(value: ManualTemplate): TemplateChoice | null {
  const name = value.name.trim();
  const language = value.language.trim();
  if (!name || !language) return null;
  return {
    name,
    language,
    parameters: value.parameters
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
  };
}

/** An approved template named by hand, for when the account's list cannot be fetched. */
export function ManualTemplateFields({ value, onChange }: { value: ManualTemplate; onChange: (value: ManualTemplate) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field-row">
        <TextField
          label={t('channelTemplates.name')}
          value={value.name}
          onChange={(name) => onChange({ ...value, name })}
          maxLength={512}
          required
          testId="channel-template-name"
        />
        <TextField
          label={t('channelTemplates.language')}
          value={value.language}
          onChange={(language) => onChange({ ...value, language })}
          maxLength={15}
          required
          testId="channel-template-language"
        />
      </div>
      <label className="field">
        <span>{t('channelTemplates.parameters')}</span>
        <textarea
          value={value.parameters}
          onChange={(e) => onChange({ ...value, parameters: e.target.value })}
          rows={3}
          data-testid="channel-template-parameters"
        />
        <small className="field__hint">{t('channelTemplates.parametersHint')}</small>
      </label>
    </>
  );
}
