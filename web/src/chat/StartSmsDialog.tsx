import type { ChannelAccountRef } from '@switchboard/protocol';
import type { CountryCode } from 'libphonenumber-js/min';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { useAction } from '../lib/useAction';
import { settingsStore } from '../settings/settingsStore';
import { SelectField, TextField } from '../ui/Field';
import { Modal } from '../ui/Modal';
import { startSmsConversation } from './channelActions';
import { usePhoneLibrary } from '../phone/callLink';

/**
 * Writes first to a number by SMS, from one of the SMS accounts: the number as typed (national ones are
 * read in the account's country, else the organisation's), shown as it will be dialled; the chat then opens.
 */
export function StartSmsDialog({
  accounts,
  phone: initialPhone = '',
  onClose,
}: {
  accounts: readonly ChannelAccountRef[];
  phone?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [accountId, setAccountId] = useState(String(accounts[0]?.id ?? ''));
  const [phone, setPhone] = useState(initialPhone);
  const [customerName, setCustomerName] = useState('');
  const [body, setBody] = useState('');
  const send = useAction((input: Parameters<typeof startSmsConversation>[1]) => startSmsConversation(Number(accountId), input), onClose);
  const library = usePhoneLibrary();
  const orgCountry = useStore(settingsStore, (s) => s.org.defaultCountry);

  const account = accounts.find((a) => String(a.id) === accountId);
  const lib = library.data;
  const region = ((account?.address && lib?.parsePhoneNumberFromString(account.address)?.country) || orgCountry.toUpperCase()) as CountryCode;
  const parsed = lib && phone.trim() ? lib.parsePhoneNumberFromString(phone.trim(), region) : undefined;
  const e164 = parsed?.isPossible() ? parsed.number : null;

  const submit = () => {
    if (lib && !e164) return send.refuse(t('startSms.invalidNumber'));
    send.run({ phone: e164 ?? phone.trim(), customerName: customerName.trim(), body: body.trim() });
  };

  return (
    <Modal title={t('startSms.title')} onClose={onClose} onSubmit={submit} submitLabel={t('startSms.send')} busy={send.busy} error={send.error}>
      <div className="template-dialog" data-testid="start-sms-dialog">
        {accounts.length > 1 && (
          <SelectField label={t('startSms.account')} value={accountId} onChange={setAccountId} testId="start-sms-account">
            {accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {[a.name, a.address].filter(Boolean).join(' · ')}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label={t('startSms.phone')}
          hint={e164 ? t('startSms.sendsTo', { number: parsed?.formatInternational() ?? e164 }) : t('startSms.phoneHint', { country: region })}
          value={phone}
          onChange={setPhone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          maxLength={24}
          testId="start-sms-phone"
        />
        <TextField label={t('startSms.name')} value={customerName} onChange={setCustomerName} maxLength={120} testId="start-sms-name" />
        <label className="field">
          <span>{t('startSms.message')}</span>
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={4} required maxLength={1600} data-testid="start-sms-body" />
        </label>
      </div>
    </Modal>
  );
}
