import { useTranslation } from 'react-i18next';
import { showToast } from '../../lib/toast';
import { CopyIcon } from '../../ui/icons';

/** A text to paste elsewhere (an embed snippet, a webhook URL) on a dark strip with a Copy button. */
export function CopyBox({ text, testId, copiedText }: { text: string; testId: string; copiedText: string }) {
  const { t } = useTranslation();
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => showToast(copiedText, 'success'))
      .catch(() => showToast(t('admin.widgets.copyFailed'), 'error'));
  };
  return (
    <div className="snippet">
      <code data-testid={testId}>{text}</code>
      <button type="button" className="button button--small" onClick={copy} data-testid={`${testId}-copy`}>
        <CopyIcon />
        {t('admin.widgets.copy')}
      </button>
    </div>
  );
}
