import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { showToast } from '../lib/toast';
import { Modal } from '../ui/Modal';
import { sendChannelTemplate } from './channelActions';
import { useConversationTemplates } from './queries';
import { type TemplateDraft, TemplateFields, templateChoice } from './TemplateFields';

/** Sends an approved WhatsApp template into the conversation (a card on wide screens, a sheet on phones). */
export function TemplateDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const templates = useConversationTemplates(conversation.id);
  const [draft, setDraft] = useState<TemplateDraft>({ key: '', parameters: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const list = templates.data?.templates ?? [];

  const submit = () => {
    const choice = templateChoice(list, draft);
    if (!choice) return setError(draft.key ? t('channelTemplates.fillAll') : t('channelTemplates.pick'));
    setBusy(true);
    setError('');
    sendChannelTemplate(conversation.id, choice)
      .then(() => {
        showToast(t('channelTemplates.sent'), 'success');
        onClose();
      })
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  return (
    <Modal title={t('channelTemplates.title')} onClose={onClose} onSubmit={submit} submitLabel={t('channelTemplates.send')} busy={busy} error={error}>
      <div data-testid="channel-template-dialog" className="template-dialog">
        {templates.isPending ? (
          <p className="muted">{t('app.loading')}</p>
        ) : templates.isError ? (
          <p className="form-error">{errorText(templates.error, t)}</p>
        ) : list.length === 0 ? (
          <p className="muted">{t('channelTemplates.none')}</p>
        ) : (
          <TemplateFields templates={list} draft={draft} onChange={setDraft} />
        )}
      </div>
    </Modal>
  );
}
