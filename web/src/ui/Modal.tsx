import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from './Sheet';

interface Props {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  busy?: boolean;
  error?: string;
  children: ReactNode;
}

/** A dialog holding one form; Escape or the backdrop closes it. */
export function Modal({ title, onClose, onSubmit, submitLabel, busy = false, error, children }: Props) {
  const { t } = useTranslation();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <Sheet
      title={title}
      onClose={onClose}
      focus={(sheet) => sheet.querySelector<HTMLElement>('input, select, textarea')}
      wrap={(content) => (
        <form className="modal__form" onSubmit={submit}>
          {content}
        </form>
      )}
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <footer className="modal__footer">
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {submitLabel}
            </button>
          </footer>
        </>
      }
    >
      {children}
    </Sheet>
  );
}
