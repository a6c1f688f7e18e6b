import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from '../ui/ChannelIcon';
import { UsersPlusIcon } from '../ui/icons';
import { Menu, MenuItem } from '../ui/Menu';
import { useStartableChannels } from './queries';
import { StartSmsDialog } from './StartSmsDialog';
import { StartWhatsAppDialog } from './StartWhatsAppDialog';

/**
 * Starting a chat: a group chat with colleagues, and — when a WhatsApp or SMS account lets me — a
 * message to a customer's number. With only the group chat to choose, the button opens it directly.
 */
export function NewChatButton({ onGroup }: { onGroup: () => void }) {
  const { t } = useTranslation();
  const whatsapp = useStartableChannels('whatsapp').data ?? [];
  const sms = useStartableChannels('sms').data ?? [];
  const [starting, setStarting] = useState<'whatsapp' | 'sms' | null>(null);

  if (whatsapp.length === 0 && sms.length === 0) {
    return (
      <button
        type="button"
        className="icon-button icon-button--bordered"
        onClick={onGroup}
        aria-label={t('chat.newGroup')}
        title={t('chat.newGroup')}
        data-testid="new-group-chat"
      >
        <UsersPlusIcon />
      </button>
    );
  }
  return (
    <>
      <Menu label={t('newChat.menu')} icon={<UsersPlusIcon />} testId="new-chat-menu">
        {(close) => (
          <>
            <MenuItem
              icon={<UsersPlusIcon />}
              label={t('newChat.group')}
              testId="new-group-chat"
              onSelect={() => {
                close();
                onGroup();
              }}
            />
            {whatsapp.length > 0 && (
              <MenuItem
                icon={<ChannelIcon channel="whatsapp" size={18} />}
                label={t('startWhatsapp.menu')}
                testId="new-whatsapp-chat"
                onSelect={() => {
                  close();
                  setStarting('whatsapp');
                }}
              />
            )}
            {sms.length > 0 && (
              <MenuItem
                icon={<ChannelIcon channel="sms" size={18} />}
                label={t('startSms.menu')}
                testId="new-sms-chat"
                onSelect={() => {
                  close();
                  setStarting('sms');
                }}
              />
            )}
          </>
        )}
      </Menu>
      {starting === 'whatsapp' && <StartWhatsAppDialog accounts={whatsapp} onClose={() => setStarting(null)} />}
      {starting === 'sms' && <StartSmsDialog accounts={sms} onClose={() => setStarting(null)} />}
    </>
  );
}
