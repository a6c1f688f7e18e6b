import { clickToCallProblem, clickToCallUrl, type OrgSettings } from '@switchboard/protocol';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { useStore } from '../lib/store';
import { showToast } from '../lib/toast';
import { useAction } from '../lib/useAction';
import { settingsStore } from '../settings/settingsStore';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';

/** The number the preview dials: what a "Call" link would open for it. */
const SAMPLE_NUMBER = '+49301234567';

/** Admin › Calls: where "Call" on a phone number leads (a PBX, a SIP client) instead of the device's phone app. */
export function CallsAdmin() {
  const { t } = useTranslation();
  const saved = useStore(settingsStore, (s) => s.org.clickToCallTemplate);
  const [template, setTemplate] = useState(saved);
  const trimmed = template.trim();
  const problem = clickToCallProblem(trimmed);
  const save = useAction(
    (clickToCallTemplate: string) => api<OrgSettings>('PUT', '/api/settings/org', { clickToCallTemplate }),
    (org) => {
      settingsStore.set((s) => ({ ...s, org }));
      setTemplate(org.clickToCallTemplate);
      showToast(t('admin.calls.saved'), 'success');
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) save.run(trimmed);
  };
  // The same check as the server's, worded here before asking; the server's refusal otherwise.
  const error = problem ? t(`admin.calls.problems.${problem}`) : save.error;

  return (
    <div className="page__scroll">
      <form className="calls-admin" onSubmit={submit} data-testid="calls-admin">
        <h2>{t('admin.calls.clickToCall')}</h2>
        <p className="muted">{t('admin.calls.intro')}</p>
        <TextField
          label={t('admin.calls.template')}
          value={template}
          onChange={setTemplate}
          placeholder="sip:{number}@pbx.example.com"
          hint={t('admin.calls.templateHint')}
          spellCheck={false}
          autoCapitalize="off"
          testId="click-to-call-template"
          aria-invalid={problem !== null}
        />
        {error && (
          <p className="form-error" role="alert" data-testid="click-to-call-error">
            {error}
          </p>
        )}
        {!problem && (
          <p className="calls-admin__preview">
            <span className="muted">{t('admin.calls.preview')}</span> <code data-testid="click-to-call-preview">{clickToCallUrl(trimmed, SAMPLE_NUMBER)}</code>
          </p>
        )}
        <div className="calls-admin__actions">
          <Button type="submit" variant="primary" disabled={problem !== null || save.busy || trimmed === saved} testId="click-to-call-save">
            {t('common.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
