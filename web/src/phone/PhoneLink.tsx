import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '@switchboard/protocol';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import { ContactForm } from '../contacts/ContactForm';
import { ChatIcon, ContactsIcon, CopyIcon, PhoneIcon } from '../ui/icons';
import { useStartableChannels } from '../chat/queries';
import { StartSmsDialog } from '../chat/StartSmsDialog';
import { useCallHref } from './callLink';
import '../contacts/contacts.css';

interface Props {
  text: string;
  e164: string;
  international: string;
}

const MENU_WIDTH = 240;

/** A phone number in a message: click it for Call, Send an SMS (with an SMS account), Add to Contacts and Copy. */
export function PhoneLink({ text, e164, international }: Props) {
  const { t } = useTranslation();
  const anchor = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<CSSProperties | null>(null);
  const [adding, setAdding] = useState(false);
  const [texting, setTexting] = useState(false);
  // "Send an SMS" where an SMS account lets me start a chat: the new conversation opens in Switchboard.
  const smsAccounts = useStartableChannels('sms').data ?? [];
  const callHref = useCallHref();

  const close = () => setPosition(null);

  const open = () => {
    const rect = anchor.current?.getBoundingClientRect();
    if (!rect) return;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - MENU_WIDTH - 8));
    setPosition({ left, top: rect.bottom + 6 });
  };

  // Keep the menu on screen: above the number when there is no room below it.
  useLayoutEffect(() => {
    const el = menu.current;
    const rect = anchor.current?.getBoundingClientRect();
    if (!el || !rect || !position) return;
    const height = el.offsetHeight;
    if (rect.bottom + 6 + height > window.innerHeight - 8 && position.top === rect.bottom + 6) {
      setPosition({ ...position, top: Math.max(8, rect.top - 6 - height) });
    }
  }, [position]);

  useEffect(() => {
    if (!position) return;
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !anchor.current?.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        close();
        anchor.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    window.addEventListener('resize', close);
    document.addEventListener('scroll', close, true);
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', close);
      document.removeEventListener('scroll', close, true);
    };
  }, [position]);

  const copy = () => {
    close();
    navigator.clipboard
      .writeText(international)
      .then(() => showToast(t('phone.copied', { number: international }), 'success'))
      .catch(() => showToast(t('phone.copyFailed'), 'error'));
  };

  const save = async (input: ContactInput) => {
    const contact = await api<Contact>('POST', '/api/contacts', input);
    setAdding(false);
    showToast(t('phone.contactAdded', { name: contact.name }), 'success');
  };

  return (
    <>
      <button
        type="button"
        ref={anchor}
        className={`phone-link${position ? ' is-open' : ''}`}
        onClick={() => (position ? close() : open())}
        aria-haspopup="menu"
        aria-expanded={position !== null}
        title={t('phone.options', { number: international })}
        data-testid="phone-link"
        data-number={e164}
      >
        {text}
      </button>
      {position &&
        createPortal(
          <div className="menu__popover phone-menu" role="menu" aria-label={international} ref={menu} style={position} data-testid="phone-menu">
            <div className="phone-menu__number">
              <PhoneIcon />
              <span>{international}</span>
            </div>
            <a role="menuitem" className="menu__item" href={callHref(e164)} onClick={close} data-testid="phone-call">
              <PhoneIcon />
              <span>{t('phone.call')}</span>
            </a>
            {smsAccounts.length > 0 && (
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                onClick={() => {
                  close();
                  setTexting(true);
                }}
                data-testid="phone-sms"
              >
                <ChatIcon />
                <span>{t('phone.sms')}</span>
              </button>
            )}
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              onClick={() => {
                close();
                setAdding(true);
              }}
              data-testid="phone-add-contact"
            >
              <ContactsIcon />
              <span>{t('phone.addContact')}</span>
            </button>
            <button type="button" role="menuitem" className="menu__item" onClick={copy} data-testid="phone-copy">
              <CopyIcon />
              <span>{t('phone.copy')}</span>
            </button>
          </div>,
          document.body,
        )}
      {texting && <StartSmsDialog accounts={smsAccounts} phone={e164} onClose={() => setTexting(false)} />}
      {adding &&
        createPortal(
          <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setAdding(false)}>
            <div
              className="phone-contact"
              role="dialog"
              aria-modal="true"
              aria-label={t('contacts.newTitle')}
              onKeyDown={(e) => e.key === 'Escape' && setAdding(false)}
            >
              <ContactForm initial={{ phones: [international] }} onSave={save} onCancel={() => setAdding(false)} />
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
