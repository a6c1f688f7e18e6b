import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { dismissToast, toastStore } from '../lib/toast';
import { CheckIcon, CloseIcon, InfoIcon } from './icons';

export function Toaster() {
  const { t } = useTranslation();
  const toasts = useStore(toastStore, (s) => s);
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
          <span className="toast__icon">{toast.tone === 'success' ? <CheckIcon size={16} /> : <InfoIcon />}</span>
          <span className="toast__text">{toast.text}</span>
          <button type="button" className="icon-button toast__close" onClick={() => dismissToast(toast.id)} aria-label={t('common.close')}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
