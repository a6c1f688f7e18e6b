import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { ConfirmDialog } from '../ui/Dialog';
import { Menu, MenuItem } from '../ui/Menu';
import { ArchiveIcon, BlockIcon, CheckIcon, EndIcon, InfoIcon, MoreIcon, TakeIcon, TransferIcon, TrashIcon } from '../ui/icons';
import { customerAbilities } from './customerAbilities';
import { blockVisitor, dealtWith, deleteChat, endSession, setArchived, takeChat } from './customerActions';
import { isLocalAddress } from './localAddress';
import { TransferDialog } from './TransferDialog';
import { TemplateIcon } from '../templates/TemplateIcon';
import { CallButtons } from '../calls/CallButtons';

type Confirming = 'block' | 'delete' | null;

/** Take, Transfer, Dealt with and the ⋮ menu at the top right of a customer chat, as in 3CX. */
export function CustomerActions({ conversation, onInfo, onTemplate }: { conversation: Conversation; onInfo: () => void; onTemplate: () => void }) {
  const { t } = useTranslation();
  const isAdmin = currentUser().role === 'admin';
  const can = customerAbilities(conversation, isAdmin);
  const [taking, setTaking] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState('');
  const id = conversation.id;

  const take = () => {
    setTaking(true);
    void takeChat(id, t).finally(() => setTaking(false));
  };

  const confirm = () => {
    setBusy(true);
    setConfirmError('');
    const run = confirming === 'block' ? blockVisitor(id, t) : deleteChat(id, t);
    void run.then((failure) => {
      setBusy(false);
      if (failure) setConfirmError(failure);
      else setConfirming(null);
    });
  };

  const ask = (what: Confirming) => {
    setConfirmError('');
    setConfirming(what);
  };

  return (
    <div className="chat-actions">
      <CallButtons conversation={conversation} />
      {can.take && (
        <button type="button" className="button button--primary" onClick={take} disabled={taking} data-testid="take-button">
          <TakeIcon />
          <span className="button__label">{t('customer.take')}</span>
        </button>
      )}
      {can.transfer && (
        <button type="button" className="button" onClick={() => setTransferring(true)} data-testid="transfer-button">
          <TransferIcon />
          <span className="button__label">{t('customer.transferButton')}</span>
        </button>
      )}
      {can.dealtWith && (
        <button
          type="button"
          className="icon-button icon-button--bordered icon-button--success"
          onClick={() => void dealtWith(id, t)}
          aria-label={t('customer.dealtWith')}
          title={t('customer.dealtWith')}
          data-testid="dealt-with-button"
        >
          <CheckIcon />
        </button>
      )}
      <Menu label={t('customer.menu')} icon={<MoreIcon />} testId="chat-menu">
        {(close) => (
          <>
            <MenuItem
              icon={<InfoIcon />}
              label={t('customer.information')}
              testId="menu-information"
              onSelect={() => {
                close();
                onInfo();
              }}
            />
            {can.template && can.freeText && (
              <MenuItem
                icon={<TemplateIcon />}
                label={t('channelTemplates.send')}
                testId="menu-send-template"
                onSelect={() => {
                  close();
                  onTemplate();
                }}
              />
            )}
            {can.end && (
              <MenuItem
                icon={<EndIcon />}
                label={t('customer.endSession')}
                testId="menu-end-session"
                onSelect={() => {
                  close();
                  void endSession(id, t);
                }}
              />
            )}
            {can.block && (
              <MenuItem
                icon={<BlockIcon />}
                label={can.blockKind === 'number' ? t('customer.blockNumber') : t('customer.block')}
                testId="menu-block"
                onSelect={() => {
                  close();
                  ask('block');
                }}
              />
            )}
            {can.archive &&
              (conversation.archived ? (
                <MenuItem
                  icon={<ArchiveIcon />}
                  label={t('customer.unarchive')}
                  testId="menu-unarchive"
                  onSelect={() => {
                    close();
                    void setArchived(id, false, t);
                  }}
                />
              ) : (
                <MenuItem
                  icon={<ArchiveIcon />}
                  label={t('customer.archive')}
                  testId="menu-archive"
                  onSelect={() => {
                    close();
                    void setArchived(id, true, t);
                  }}
                />
              ))}
            {can.remove && (
              <>
                <div className="menu__separator" role="separator" />
                <MenuItem
                  icon={<TrashIcon />}
                  label={t('customer.delete')}
                  danger
                  testId="menu-delete"
                  onSelect={() => {
                    close();
                    ask('delete');
                  }}
                />
              </>
            )}
          </>
        )}
      </Menu>
      {transferring && <TransferDialog conversation={conversation} onClose={() => setTransferring(false)} />}
      {confirming === 'block' && (
        <ConfirmDialog
          title={can.blockKind === 'number' ? t('customer.blockNumberTitle') : t('customer.blockTitle')}
          text={
            can.blockKind === 'number'
              ? t('customer.blockNumberText', {
                  name: conversation.title || t('customer.anonymous'),
                  channel: t(`channels.${conversation.channel ?? 'whatsapp'}`),
                })
              : t('customer.blockText', { name: conversation.title || t('customer.anonymous') })
          }
          confirmLabel={can.blockKind === 'number' ? t('customer.blockNumberConfirm') : t('customer.blockConfirm')}
          danger
          busy={busy}
          error={confirmError}
          onConfirm={confirm}
          onClose={() => setConfirming(null)}
        >
          {can.blockKind === 'visitor' && <BlockedAddress ip={conversation.customer?.ip ?? ''} />}
        </ConfirmDialog>
      )}
      {confirming === 'delete' && (
        <ConfirmDialog
          title={t('customer.deleteTitle')}
          text={t('customer.deleteText', { name: conversation.title || t('customer.anonymous') })}
          confirmLabel={t('customer.deleteConfirm')}
          danger
          busy={busy}
          error={confirmError}
          onConfirm={confirm}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}

/** Block blocks an address, not a person: say which, and warn when it is everyone's on a local trial. */
function BlockedAddress({ ip }: { ip: string }) {
  const { t } = useTranslation();
  if (!ip) return null;
  return (
    <>
      <p className="confirm-text" data-testid="block-address">
        {t('customer.blockAddress', { ip })}
      </p>
      {isLocalAddress(ip) && (
        <p className="confirm-text form-error" role="alert" data-testid="block-local-warning">
          {t('customer.blockLocalAddress', { ip })}
        </p>
      )}
    </>
  );
}
