import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountRef, ChannelTemplateList } from '@switchboard/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { useAction } from '../lib/useAction';
import { SelectField, TextField } from '../ui/Field';
import { Modal } from '../ui/Modal';
import { startChannelConversation } from './channelActions';
import { ManualTemplateFields, type ManualTemplate, manualChoice, type TemplateDraft, TemplateFields, templateChoice } from './TemplateFields';

function useAccountTemplates(accountId: number) {
  return useQuery({
    queryKey: ['channel-templates', accountId],
    queryFn: () => api<ChannelTemplateList>('GET', `/api/channels/${accountId}/templates`),
    staleTime: 5 * 60_000,
  });
}

/**
 * Writes first to a WhatsApp number: only an approved template may open the conversation, which then
 * opens here, owned by me.
 */
export function StartWhatsAppDialog({ accounts, onClose }: { accounts: readonly ChannelAccountRef[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [accountId, setAccountId] = useState(String(accounts[0]?.id ?? ''));
  const [phone, setPhone] = useState('');
  const [customerName, setCustomerName] = useState('');
  const [draft, setDraft] = useState<TemplateDraft>({ key: '', parameters: [] });
  const send = useAction((input: Parameters<typeof startChannelConversation>[1]) => startChannelConversation(Number(accountId), input), onClose);
  const templates = useAccountTemplates(Number(accountId));
  const list = templates.data?.templates ?? [];
  // When the list cannot be had (no access to the business account's templates, Graph down), the agent names the approved template.
  const [manual, setManual] = useState<ManualTemplate>({ name: '', language: 'en_US', parameters: '' });

  const submit = () => {
    const choice = templates.isError ? manualChoice(manual) : templateChoice(list, draft);
    if (!choice) return send.refuse(draft.key ? t('channelTemplates.fillAll') : t('channelTemplates.pick'));
    send.run({ phone: phone.trim(), customerName: customerName.trim(), ...choice });
  };

  return (
    <Modal title={t('startWhatsapp.title')} onClose={onClose} onSubmit={submit} submitLabel={t('startWhatsapp.send')} busy={send.busy} error={send.error}>
      <div className="template-dialog" data-testid="start-whatsapp-dialog">
        {accounts.length > 0 && (
          <SelectField
            label={t('startWhatsapp.account')}
            value={accountId}
            onChange={(id) => {
              setAccountId(id);
              setDraft({ key: '', parameters: [] });
            }}
            testId="start-whatsapp-account"
          >
            {accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {[a.name, a.address].filter(Boolean).join(' · ')}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label={t('startWhatsapp.phone')}
          hint={t('startWhatsapp.phoneHint')}
          value={phone}
          onChange={setPhone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          maxLength={24}
          testId="start-whatsapp-phone"
        />
        <TextField label={t('startWhatsapp.name')} value={customerName} onChange={setCustomerName} maxLength={120} testId="start-whatsapp-name" />
        {templates.isPending ? (
          <p className="muted">{t('app.loading')}</p>
        ) : templates.isError ? (
          <ManualTemplateFields value={manual} onChange={setManual} />
        ) : list.length === 0 ? (
          <p className="muted">{t('channelTemplates.none')}</p>
        ) : (
          <TemplateFields templates={list} draft={draft} onChange={setDraft} />
        )}
      </div>
    </Modal>
  );
}
