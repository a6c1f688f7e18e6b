import type { ReactNode } from 'react';
import { useDismissable } from './useDismissable';

interface Props {
  label: string;
  icon: ReactNode;
  testId?: string;
  children: (close: () => void) => ReactNode;
}

/** A button that opens a small menu of actions below it; clicking outside or Escape closes it. */
export function Menu({ label, icon, testId, children }: Props) {
  const { open, setOpen, root } = useDismissable<HTMLDivElement>();

  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className={`icon-button icon-button--bordered${open ? ' is-open' : ''}`}
        onClick={() => setOpen((o) => !o)}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        title={label}
        data-testid={testId}
      >
        {icon}
      </button>
      {open && (
        <div className="menu__popover" role="menu">
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

interface ItemProps {
  icon: ReactNode;
  label: string;
  onSelect: () => void;
  danger?: boolean;
  testId?: string;
}

export function MenuItem({ icon, label, onSelect, danger = false, testId }: ItemProps) {
  return (
    <button type="button" role="menuitem" className={`menu__item${danger ? ' menu__item--danger' : ''}`} onClick={onSelect} data-testid={testId}>
      {icon}
      <span>{label}</span>
    </button>
  );
}
