import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: ReactNode;
  /** Prefix of the buttons' test ids: `${testId}-delete`, `${testId}-save`. */
  testId: string;
  /** A new item offers Cancel and a create label; a saved one offers Delete and Save. */
  isNew: boolean;
  busy: boolean;
  createLabel: string;
  onDelete: () => void;
  onCancel: () => void;
  error: string;
  errorTestId?: string;
  notice: string;
}

/** An editor form's title with its Delete-or-Cancel and Save buttons, then the form's error and notice lines. */
export function EditorHead({ title, testId, isNew, busy, createLabel, onDelete, onCancel, error, errorTestId, notice }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="editor__head">
        <h2>{title}</h2>
        <div className="editor__actions">
          {isNew ? (
            <button type="button" className="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          ) : (
            <button type="button" className="button button--danger-ghost" onClick={onDelete} data-testid={`${testId}-delete`}>
              {t('common.delete')}
            </button>
          )}
          <button type="submit" className="button button--primary" disabled={busy} data-testid={`${testId}-save`}>
            {isNew ? createLabel : t('common.save')}
          </button>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
    </>
  );
}
