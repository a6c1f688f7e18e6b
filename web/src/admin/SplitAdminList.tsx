import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ListProps<T extends { id: number }> {
  /** null while loading. */
  items: readonly T[] | null;
  emptyText: string;
  /** Say nothing while loading (e.g. when an error is shown instead). */
  hideLoading?: boolean;
  children: (item: T) => ReactNode;
}

/** The left-hand list of a split admin screen: a loading line, an empty line, or one row per item. */
export function SplitAdminList<T extends { id: number }>({ items, emptyText, hideLoading = false, children }: ListProps<T>) {
  const { t } = useTranslation();
  if (items === null) return hideLoading ? null : <p className="muted section-empty">{t('app.loading')}</p>;
  if (items.length === 0) return <p className="muted section-empty">{emptyText}</p>;
  return (
    <ul className="split-admin__items">
      {items.map((item) => (
        <li key={item.id}>{children(item)}</li>
      ))}
    </ul>
  );
}

interface ItemProps {
  active: boolean;
  onSelect: () => void;
  testId: string;
  /** Extra data-* attributes, e.g. { 'data-queue-id': 3 }. */
  data: Record<`data-${string}`, string | number>;
  children: ReactNode;
}

export function SplitAdminItem({ active, onSelect, testId, data, children }: ItemProps) {
  return (
    <button type="button" className={`split-admin__item${active ? ' is-active' : ''}`} onClick={onSelect} data-testid={testId} {...data}>
      {children}
    </button>
  );
}
