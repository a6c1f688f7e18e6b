import type { ReactNode } from 'react';
import { BackButton } from './BackButton';

interface Props {
  /** The screen's class: its list is `${block}__list`, its detail `${block}__detail`. */
  block: string;
  /** Whether a phone shows the detail (something was picked) rather than the list. */
  detailOpen: boolean;
  onBack: () => void;
  list: ReactNode;
  detail: ReactNode;
  backTestId?: string;
  /** More classes for the whole, e.g. the screen's own. */
  className?: string;
}

/**
 * A list beside the detail of what was picked from it. Phones have room for one of the two:
 * the list, or the detail with a back button to the list (base.css, data-pane).
 */
export function SplitPane({ block, detailOpen, onBack, list, detail, backTestId, className }: Props) {
  return (
    <div className={`split-pane ${block}${className ? ` ${className}` : ''}`} data-pane={detailOpen ? 'detail' : 'list'}>
      <aside className={`${block}__list`}>{list}</aside>
      <section className={`${block}__detail`}>
        <BackButton onBack={onBack} testId={backTestId} />
        {detail}
      </section>
    </div>
  );
}
