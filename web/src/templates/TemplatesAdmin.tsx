import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template, TemplateCategory, TemplateGroup, TemplateInput, TemplateLanguage } from '@switchboard/protocol';
import { TEMPLATE_LANGUAGES, TEMPLATE_PLACEHOLDERS } from '@switchboard/protocol/templates-core';
import { errorText } from '../app/errorText';
import { currentLanguage } from '../i18n';
import { showToast } from '../lib/toast';
import { ConfirmDialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { Modal } from '../ui/Modal';
import { SplitAdminItem, SplitAdminList } from '../admin/SplitAdminList';
import { SplitPane } from '../ui/SplitPane';
import { CloseIcon, PlusIcon } from '../ui/icons';
import { TemplateIcon } from './TemplateIcon';
import { languageName, templateKeys, templatesApi, useTemplateGroups, useTemplates } from './templatesApi';
import './templates.css';

type Draft = TemplateInput & { id?: number };

/** Managers (for their groups) and admins (for all) keep each group's categories and templates. */
export function TemplatesAdmin() {
  const { t } = useTranslation();
  const loadedGroups = useTemplateGroups();
  const groups = useMemo(() => loadedGroups.data?.filter((g) => g.canManage) ?? null, [loadedGroups.data]);
  // Until one is picked, the first group shows.
  const [chosenId, setGroupId] = useState<number | null>(null);
  const groupId = chosenId ?? groups?.[0]?.id ?? null;
  /** Phones: a group was picked, so its templates show instead of the list of groups. */
  const [picked, setPicked] = useState(false);
  const error = loadedGroups.isError ? errorText(loadedGroups.error, t) : '';

  const group = groups?.find((g) => g.id === groupId);
  return (
    <SplitPane
      block="split-admin"
      className="templates-admin"
      detailOpen={picked}
      onBack={() => setPicked(false)}
      backTestId="admin-back"
      list={
        <>
          <p className="muted">{t('templates.admin.groupsIntro')}</p>
          {error && <p className="form-error">{error}</p>}
          <SplitAdminList items={groups} emptyText={t('templates.admin.noGroups')} hideLoading={!!error}>
            {(g) => (
              <SplitAdminItem
                active={g.id === groupId}
                onSelect={() => {
                  setGroupId(g.id);
                  setPicked(true);
                }}
                testId="templates-admin-group"
                data={{ 'data-group-id': g.id }}
              >
                {g.name}
              </SplitAdminItem>
            )}
          </SplitAdminList>
        </>
      }
      detail={
        group ? (
          <GroupTemplates key={group.id} group={group} />
        ) : (
          <EmptyState icon={<TemplateIcon />} title={t('templates.admin.pickTitle')} hint={t('templates.admin.pickHint')} />
        )
      }
    />
  );
}

function GroupTemplates({ group }: { group: TemplateGroup }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const loaded = useTemplates(group.id);
  const templates = loaded.data?.templates ?? null;
  const categories = loaded.data?.categories ?? [];
  const [actionError, setError] = useState('');
  const error = actionError || (loaded.isError ? errorText(loaded.error, t) : '');
  const [newCategory, setNewCategory] = useState('');
  const [categoryError, setCategoryError] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftError, setDraftError] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [renameError, setRenameError] = useState('');

  // After a change, this group's list and the agents' panel (all of their groups) fetch again.
  const reload = () => client.invalidateQueries({ queryKey: templateKeys.all });

  const addCategory = () => {
    const name = newCategory.trim();
    if (!name) return;
    setCategoryError('');
    templatesApi
      .createCategory(group.id, name)
      .then(() => {
        setNewCategory('');
        return reload();
      })
      .catch((err: unknown) => setCategoryError(errorText(err, t)));
  };

  const renameCategory = () => {
    if (!renaming) return;
    setRenameError('');
    templatesApi
      .renameCategory(renaming.id, renaming.name.trim())
      .then(() => {
        setRenaming(null);
        return reload();
      })
      .catch((err: unknown) => setRenameError(errorText(err, t)));
  };

  const removeCategory = (category: TemplateCategory) => {
    setCategoryError('');
    templatesApi
      .removeCategory(category.id)
      .then(reload)
      .catch((err: unknown) => setCategoryError(errorText(err, t)));
  };

  const save = () => {
    if (!draft) return;
    setBusy(true);
    setDraftError('');
    const { id, ...input } = draft;
    (id ? templatesApi.update(id, input) : templatesApi.create(input))
      .then(() => {
        setDraft(null);
        showToast(t('templates.admin.saved'), 'success');
        return reload();
      })
      .catch((err: unknown) => setDraftError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const remove = () => {
    if (!deleting) return;
    templatesApi
      .remove(deleting.id)
      .then(() => {
        setDeleting(null);
        return reload();
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  };

  const categoryName = (id: number | null) => categories.find((c) => c.id === id)?.name ?? '—';
  const blank = (): Draft => ({ groupId: group.id, categoryId: null, title: '', body: '', language: currentLanguage() });

  return (
    <div className="templates-admin__group" data-testid="templates-admin-detail">
      {error && <p className="form-error">{error}</p>}
      <div className="templates-admin__section">
        <h3>{t('templates.categories')}</h3>
        {categories.length === 0 ? (
          <p className="muted">{t('templates.admin.noCategories')}</p>
        ) : (
          <div className="chips">
            {categories.map((c) => (
              <span key={c.id} className="chip" data-testid="templates-admin-category">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setRenameError('');
                    setRenaming({ id: c.id, name: c.name });
                  }}
                  title={t('templates.admin.renameCategory')}
                >
                  {c.name}
                </button>
                <button type="button" onClick={() => removeCategory(c)} aria-label={t('templates.admin.deleteCategory', { name: c.name })}>
                  <CloseIcon />
                </button>
              </span>
            ))}
          </div>
        )}
        <form
          className="templates-admin__add"
          onSubmit={(e) => {
            e.preventDefault();
            addCategory();
          }}
        >
          <input
            value={newCategory}
            onChange={(e) => setNewCategory(e.target.value)}
            maxLength={80}
            placeholder={t('templates.admin.newCategory')}
            aria-label={t('templates.admin.newCategory')}
            data-testid="templates-admin-new-category"
          />
          <button type="submit" className="button button--small" disabled={!newCategory.trim()}>
            {t('templates.admin.addCategory')}
          </button>
        </form>
        {categoryError && <p className="form-error">{categoryError}</p>}
      </div>

      <div className="templates-admin__section">
        <h3>
          {t('templates.admin.templatesOf', { group: group.name })}
          <span className="toolbar__spacer" />
          <button type="button" className="button button--primary button--small" onClick={() => setDraft(blank())} data-testid="templates-admin-new">
            <PlusIcon />
            {t('templates.admin.new')}
          </button>
        </h3>
        {templates === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : templates.length === 0 ? (
          <EmptyState icon={<TemplateIcon />} title={t('templates.admin.empty')} hint={t('templates.admin.emptyHint')} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('templates.admin.titleField')}</th>
                <th>{t('templates.admin.category')}</th>
                <th>{t('templates.language')}</th>
                <th>{t('templates.admin.bodyField')}</th>
                <th className="table__actions">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tpl) => (
                <tr key={tpl.id} data-testid="templates-admin-row">
                  <td>{tpl.title}</td>
                  <td data-label={t('templates.admin.category')}>{categoryName(tpl.categoryId)}</td>
                  <td data-label={t('templates.language')}>{languageName(tpl.language, i18n.language)}</td>
                  <td className="templates-admin__body" title={tpl.body}>
                    {tpl.body}
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() =>
                        setDraft({ id: tpl.id, groupId: tpl.groupId, categoryId: tpl.categoryId, title: tpl.title, body: tpl.body, language: tpl.language })
                      }
                    >
                      {t('common.edit')}
                    </button>
                    <button type="button" className="button button--small button--danger-ghost" onClick={() => setDeleting(tpl)}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      {draft && (
        <Modal
          title={draft.id ? t('templates.admin.editTitle') : t('templates.admin.newTitle')}
          onClose={() => setDraft(null)}
          onSubmit={save}
          submitLabel={t('common.save')}
          busy={busy}
          error={draftError}
        >
          <label className="field">
            <span>{t('templates.admin.titleField')}</span>
            <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required maxLength={120} data-testid="template-title" />
          </label>
          <div className="field-row">
            <label className="field">
              <span>{t('templates.admin.category')}</span>
              <select
                value={draft.categoryId ?? ''}
                onChange={(e) => setDraft({ ...draft, categoryId: e.target.value ? Number(e.target.value) : null })}
                data-testid="template-category"
              >
                <option value="">{t('templates.admin.noCategory')}</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('templates.language')}</span>
              <select
                value={draft.language}
                onChange={(e) => setDraft({ ...draft, language: e.target.value as TemplateLanguage })}
                data-testid="template-language"
              >
                {TEMPLATE_LANGUAGES.map((code) => (
                  <option key={code} value={code}>
                    {languageName(code, i18n.language)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="field">
            <span>{t('templates.admin.bodyField')}</span>
            <textarea
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              required
              maxLength={5000}
              rows={5}
              data-testid="template-body"
            />
          </label>
          <p className="templates-admin__hint">
            {t('templates.admin.placeholders')}{' '}
            {TEMPLATE_PLACEHOLDERS.map((p, i) => (
              <span key={p}>
                {i > 0 && ', '}
                <code>{p}</code>
              </span>
            ))}
          </p>
        </Modal>
      )}
      {renaming && (
        <Modal
          title={t('templates.admin.renameCategory')}
          onClose={() => setRenaming(null)}
          onSubmit={renameCategory}
          submitLabel={t('common.save')}
          error={renameError}
        >
          <label className="field">
            <span>{t('templates.admin.categoryName')}</span>
            <input value={renaming.name} onChange={(e) => setRenaming({ ...renaming, name: e.target.value })} required maxLength={80} />
          </label>
        </Modal>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('templates.admin.deleteTitle')}
          text={t('templates.admin.deleteText', { title: deleting.title })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
