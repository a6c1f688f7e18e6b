import type { Presence } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';

export function PresenceDot({ presence }: { presence: Presence }) {
  const { t } = useTranslation();
  return <span className={`presence-dot presence-dot--${presence}`} data-testid="presence-dot" data-presence={presence} title={t(`presence.${presence}`)} />;
}
