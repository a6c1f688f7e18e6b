import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue, User, Widget, WidgetInput, WidgetTarget } from '@switchboard/protocol';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import type { QueueListResponse, UserListResponse, WidgetListResponse } from '../lib/types';
import { errorText } from '../app/errorText';
import { EmptyState } from '../ui/EmptyState';
import { ConfirmDialog } from '../ui/Dialog';
import { EditorHead } from '../ui/EditorHead';
import { SplitAdminItem, SplitAdminList } from './SplitAdminList';
import { SplitPane } from '../ui/SplitPane';
import { CopyIcon, ExternalIcon, PlusIcon, WidgetIcon } from '../ui/icons';
import { WidgetTextsEditor } from './WidgetTextsEditor';
import { upsertById } from '../lib/list';

type Language = WidgetInput['language'];
const LANGUAGES: Language[] = ['auto', 'en', 'de'];

export function embedSnippet(key: string): string {
  return `<script src="${location.origin}/widget.js" data-widget="${key}" async></script>`;
}

function Snippet({ widget }: { widget: Widget }) {
  const { t } = useTranslation();
  const code = embedSnippet(widget.key);
  const copy = () => {
    navigator.clipboard
      .writeText(code)
      .then(() => showToast(t('admin.widgets.copied'), 'success'))
      .catch(() => showToast(t('admin.widgets.copyFailed'), 'error'));
  };
  return (
    <section className="editor__section">
      <h3 className="editor__section-title">{t('admin.widgets.embed')}</h3>
      <p className="muted editor__hint">{t('admin.widgets.embedHint')}</p>
      <div className="snippet">
        <code data-testid="widget-snippet">{code}</code>
        <button type="button" className="button button--small" onClick={copy} data-testid="widget-copy">
          <CopyIcon />
          {t('admin.widgets.copy')}
        </button>
      </div>
      <a className="link-button snippet__demo" href="/demo" target="_blank" rel="noreferrer" data-testid="widget-demo">
        <ExternalIcon />
        {t('admin.widgets.demo')}
      </a>
    </section>
  );
}

interface EditorProps {
  widget: Widget | null;
  queues: readonly Queue[];
  users: readonly User[];
  onSaved: (w: Widget) => void;
  onDeleted: (id: number) => void;
  onCancel: () => void;
}

function WidgetEditor({ widget, queues, users, onSaved, onDeleted, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<WidgetInput>(() =>
    widget
      ? {
          name: widget.name,
          target: widget.target,
          texts: widget.texts,
          askName: widget.askName,
          askEmail: widget.askEmail,
          colour: widget.colour,
          language: widget.language,
          allowCalls: widget.allowCalls,
        }
      : {
          name: '',
          target: queues[0] ? { type: 'queue', queueId: queues[0].id } : { type: 'extension', userId: users[0]?.id ?? 0 },
          // Empty: the widget's built-in texts in each language, until the admin writes their own.
          texts: { en: { greeting: '', offline: '', prechat: '' }, de: { greeting: '', offline: '', prechat: '' } },
          askName: true,
          askEmail: false,
          colour: '#1f6feb',
          language: 'auto',
          allowCalls: false,
        },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState('');

  const set = <K extends keyof WidgetInput>(key: K, value: WidgetInput[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setNotice('');
  };
  const setTargetType = (type: WidgetTarget['type']) =>
    set('target', type === 'queue' ? { type, queueId: queues[0]?.id ?? 0 } : { type, userId: users[0]?.id ?? 0 });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const body: WidgetInput = { ...form, name: form.name.trim() };
    (widget ? api<Widget>('PUT', `/api/admin/widgets/${widget.id}`, body) : api<Widget>('POST', '/api/admin/widgets', body))
      .then((w) => {
        onSaved(w);
        showToast(t('admin.widgets.saved'), 'success');
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const remove = () => {
    if (!widget) return;
    api('DELETE', `/api/admin/widgets/${widget.id}`)
      .then(() => onDeleted(widget.id))
      .catch((err: unknown) => setDeleteError(errorText(err, t)));
  };

  return (
    <form className="editor" onSubmit={submit} data-testid="widget-editor">
      <EditorHead
        title={widget ? widget.name : t('admin.widgets.newTitle')}
        testId="widget"
        isNew={!widget}
        busy={busy}
        createLabel={t('admin.widgets.create')}
        onDelete={() => setConfirming(true)}
        onCancel={onCancel}
        error={error}
        notice={notice}
      />
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.queues.general')}</h3>
        <label className="field">
          <span>{t('admin.widgets.name')}</span>
          <input value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={120} data-testid="widget-name" />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.widgets.target')}</span>
            <select value={form.target.type} onChange={(e) => setTargetType(e.target.value as WidgetTarget['type'])} data-testid="widget-target-type">
              <option value="queue" disabled={queues.length === 0}>
                {t('admin.widgets.targets.queue')}
              </option>
              <option value="extension">{t('admin.widgets.targets.extension')}</option>
            </select>
          </label>
          {form.target.type === 'queue' ? (
            <label className="field">
              <span>{t('admin.widgets.queue')}</span>
              <select
                value={form.target.queueId}
                onChange={(e) => set('target', { type: 'queue', queueId: Number(e.target.value) })}
                data-testid="widget-target-queue"
              >
                {queues.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.number} · {q.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>{t('admin.widgets.extension')}</span>
              <select
                value={form.target.userId}
                onChange={(e) => set('target', { type: 'extension', userId: Number(e.target.value) })}
                data-testid="widget-target-user"
              >
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.extension} · {u.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </section>
      <WidgetTextsEditor texts={form.texts} onChange={(texts) => set('texts', texts)} />
      <section className="editor__section">
        <h3 className="editor__section-title">{t('admin.widgets.appearance')}</h3>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.widgets.colour')}</span>
            <span className="colour-field">
              <input type="color" value={form.colour} onChange={(e) => set('colour', e.target.value)} data-testid="widget-colour" />
              <code>{form.colour}</code>
            </span>
          </label>
          <label className="field">
            <span>{t('admin.widgets.language')}</span>
            <select value={form.language} onChange={(e) => set('language', e.target.value as Language)} data-testid="widget-language">
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
            <input type="checkbox" checked={form.askName} onChange={(e) => set('askName', e.target.checked)} data-testid="widget-ask-name" />
            <span>{t('admin.widgets.askName')}</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.askEmail} onChange={(e) => set('askEmail', e.target.checked)} data-testid="widget-ask-email" />
            <span>{t('admin.widgets.askEmail')}</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.allowCalls} onChange={(e) => set('allowCalls', e.target.checked)} data-testid="widget-allow-calls" />
            <span>{t('admin.widgets.allowCalls')}</span>
          </label>
        </div>
      </section>
      {widget && <Snippet widget={widget} />}
      {confirming && widget && (
        <ConfirmDialog
          title={t('admin.widgets.deleteTitle')}
          text={t('admin.widgets.deleteText', { name: widget.name })}
          confirmLabel={t('common.delete')}
          danger
          error={deleteError}
          onConfirm={remove}
          onClose={() => setConfirming(false)}
        />
      )}
    </form>
  );
}

type Selection = { mode: 'new' } | { mode: 'edit'; id: number } | null;

export function WidgetsAdmin() {
  const { t } = useTranslation();
  const [widgets, setWidgets] = useState<readonly Widget[] | null>(null);
  const [queues, setQueues] = useState<readonly Queue[]>([]);
  const [users, setUsers] = useState<readonly User[]>([]);
  const [selection, setSelection] = useState<Selection>(null);
  /** Phones: the editor was asked for (an item or New picked), else the list shows. */
  const [picked, setPicked] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([
      api<WidgetListResponse>('GET', '/api/admin/widgets'),
      api<QueueListResponse>('GET', '/api/admin/queues'),
      api<UserListResponse>('GET', '/api/admin/users'),
    ])
      .then(([w, q, u]) => {
        setWidgets(w.widgets);
        setQueues(q.queues);
        setUsers(u.users.filter((x) => !x.disabled).sort((a, b) => a.name.localeCompare(b.name)));
        setSelection((s) => s ?? (w.widgets[0] ? { mode: 'edit', id: w.widgets[0].id } : null));
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [t]);

  const selected = selection?.mode === 'edit' ? widgets?.find((w) => w.id === selection.id) : undefined;
  const targetLabel = (w: Widget) => {
    if (w.target.type === 'queue') {
      const id = w.target.queueId;
      const q = queues.find((x) => x.id === id);
      return q ? `${q.number} · ${q.name}` : '';
    }
    const id = w.target.userId;
    const u = users.find((x) => x.id === id);
    return u ? `${u.extension} · ${u.name}` : '';
  };
  const pick = (next: Selection) => {
    setSelection(next);
    setPicked(next !== null);
  };
  const saved = (w: Widget) => {
    setWidgets((list) => upsertById(list, w));
    setSelection({ mode: 'edit', id: w.id });
  };

  return (
    <SplitPane
      block="split-admin"
      detailOpen={picked}
      onBack={() => setPicked(false)}
      backTestId="admin-back"
      list={
        <>
          <button type="button" className="button button--primary button--block" onClick={() => pick({ mode: 'new' })} data-testid="admin-widget-new">
            <PlusIcon />
            {t('admin.widgets.new')}
          </button>
          {error && <p className="form-error">{error}</p>}
          <SplitAdminList items={widgets} emptyText={t('admin.widgets.empty')}>
            {(w) => (
              <SplitAdminItem
                active={selected?.id === w.id}
                onSelect={() => pick({ mode: 'edit', id: w.id })}
                testId="admin-widget-item"
                data={{ 'data-widget-id': w.id }}
              >
                <span className="split-admin__swatch" style={{ background: w.colour }} />
                <span className="split-admin__label">
                  <strong>{w.name}</strong>
                  <span className="muted">{targetLabel(w)}</span>
                </span>
              </SplitAdminItem>
            )}
          </SplitAdminList>
        </>
      }
      detail={
        selection?.mode === 'new' ? (
          <WidgetEditor key="new" widget={null} queues={queues} users={users} onSaved={saved} onDeleted={() => undefined} onCancel={() => pick(null)} />
        ) : selected ? (
          <WidgetEditor
            key={selected.id}
            widget={selected}
            queues={queues}
            users={users}
            onSaved={saved}
            onDeleted={(id) => {
              setWidgets((list) => list && list.filter((w) => w.id !== id));
              pick(null);
            }}
            onCancel={() => pick(null)}
          />
        ) : (
          <EmptyState icon={<WidgetIcon />} title={t('admin.widgets.pickTitle')} hint={t('admin.widgets.pickHint')} />
        )
      }
    />
  );
}
