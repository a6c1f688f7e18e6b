import { useTranslation } from 'react-i18next';
import type { ChannelType } from '@switchboard/protocol';
import { ChannelIcon } from '../../ui/ChannelIcon';

export type EditableType = Extract<ChannelType, 'livechat' | 'whatsapp' | 'messenger' | 'sms'>;
const READY: EditableType[] = ['livechat', 'whatsapp', 'messenger', 'sms'];
const COMING: ChannelType[] = [];

/** "Add channel": the kinds this server can connect, and those still to come (shown, not offered). */
export function ChannelTypePicker({ onPick, onCancel }: { onPick: (type: EditableType) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="editor" data-testid="channel-type-picker">
      <div className="editor__head">
        <h2>{t('admin.channels.chooseType')}</h2>
        <div className="editor__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
      <div className="channel-types">
        {[...READY, ...COMING].map((type) => {
          const ready = (READY as ChannelType[]).includes(type);
          return (
            <button
              key={type}
              type="button"
              className="channel-types__choice"
              disabled={!ready}
              onClick={() => ready && onPick(type as EditableType)}
              data-testid={`channel-type-${type}`}
            >
              <ChannelIcon channel={type} size={28} />
              <span className="channel-types__text">
                <strong>{t(`admin.channels.types.${type}`)}</strong>
                <span className="muted">{ready ? t(`admin.channels.typeHints.${type}`) : t('admin.channels.comingSoon')}</span>
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
