import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from './icons';
import { isTouchScreen } from './touch';

interface Props {
  title: string;
  onClose: () => void;
  /** The element to focus first, looked up inside the sheet once it is open. */
  focus: (sheet: HTMLElement) => HTMLElement | null | undefined;
  wide?: boolean;
  testId?: string;
  /** Wraps header, body and footer (e.g. in a form); gets the three as children. */
  wrap?: (content: ReactNode) => ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/**
 * The frame every dialog shares: a backdrop, a titled panel with a close button, Escape to close;
 * its first field takes focus, except on touch screens (see touch.ts).
 * A centred card on wide screens; on phones base.css makes it a full-screen sheet whose body
 * scrolls between a fixed header and footer, so its buttons stay in reach above the keyboard.
 */
export function Sheet({ title, onClose, focus, wide = false, testId, wrap = (c) => c, children, footer }: Props) {
  const { t } = useTranslation();
  const sheet = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  const initialFocus = useRef(focus);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    if (sheet.current && !isTouchScreen()) initialFocus.current(sheet.current)?.focus();
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? ' modal--wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={sheet} data-testid={testId}>
        {wrap(
          <>
            <header className="modal__header">
              <h2>{title}</h2>
              <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
                <CloseIcon />
              </button>
            </header>
            <div className="modal__body">{children}</div>
            {footer}
          </>,
        )}
      </div>
    </div>
  );
}
