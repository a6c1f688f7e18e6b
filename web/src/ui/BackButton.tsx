import { useTranslation } from 'react-i18next';
import { BackIcon } from './icons';

interface Props {
  onBack: () => void;
  testId?: string;
}

/**
 * Leaves a detail pane for its list. Only phones show it: wider screens show the list beside
 * the detail, so there is nothing to go back to.
 */
export function BackButton({ onBack, testId }: Props) {
  const { t } = useTranslation();
  return (
    <button type="button" className="icon-button back-button" onClick={onBack} aria-label={t('common.back')} title={t('common.back')} data-testid={testId}>
      <BackIcon />
    </button>
  );
}
