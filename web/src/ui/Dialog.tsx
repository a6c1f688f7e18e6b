import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from './Sheet';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

/** A dialog without a form of its own (pickers, confirmations); Escape or the backdrop closes it. */
export function Dialog({ title, onClose, children, footer, wide = false, testId }: Props) {
  return (
    <Sheet
      title={title}
      onClose={onClose}
      wide={wide}
      testId={testId}
      focus={(sheet) =>
        sheet.querySelector<HTMLElement>('input, select, textarea') ??
        sheet.querySelector<HTMLElement>('.modal__footer .button--primary, .modal__footer .button--danger')
      }
      footer={footer && <footer className="modal__footer">{footer}</footer>}
    >
      {children}
    </Sheet>
  );
}

interface ConfirmProps {
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string;
  /** What else the person should know before confirming, below the text. */
  children?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog({ title, text, confirmLabel, danger = false, busy = false, error, children, onConfirm, onClose }: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            onClick={onConfirm}
            disabled={busy}
            data-testid="confirm-button"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p className="confirm-text">{text}</p>
      {children}
      {error && (
        <p className="form-error confirm-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
