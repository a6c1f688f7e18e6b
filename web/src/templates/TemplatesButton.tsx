import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { TEMPLATE_LANGUAGES, type TemplateValues } from '@switchboard/protocol/templates-core';
import { currentUser } from '../auth/session';
import { chatStore } from '../chat/chatStore';
import { otherMember } from '../chat/conversationInfo';
import { useStore } from '../lib/store';
import { TemplateIcon } from './TemplateIcon';
import { TemplatesPanel } from './TemplatesPanel';

/** Who the placeholders name: the customer (or, in a direct chat, the colleague I write to) and me. */
function valuesFor(conversation: Conversation | undefined): TemplateValues {
  const me = currentUser();
  let customerName: string | null = null;
  if (conversation?.kind === 'external') customerName = conversation.customer?.name || conversation.title || null;
  else if (conversation?.kind === 'direct') customerName = otherMember(conversation, me.id)?.name ?? null;
  return { customerName, agentName: me.name };
}

/** The customer's language when known and templates can be written in it; else the panel uses the UI language. */
function languageOf(conversation: Conversation | undefined): string | null {
  const language = conversation?.customer?.language ?? '';
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(language) ? language : null;
}

/** The composer's templates button and its panel; a pick is handed to `onInsert`, nothing is sent. */
export function TemplatesButton({ conversationId, onInsert }: { conversationId: number; onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const conversation = useStore(chatStore, (s) => s.conversations[conversationId]);
  const close = useCallback(() => setOpen(false), []);

  return (
    <div className="templates-anchor">
      <button
        type="button"
        className={`icon-button composer__templates${open ? ' is-active' : ''}`}
        onClick={() => setOpen((o) => !o)}
        aria-label={t('templates.open')}
        aria-expanded={open}
        title={t('templates.open')}
        data-testid="templates-button"
      >
        <TemplateIcon />
      </button>
      {open && (
        <TemplatesPanel
          values={valuesFor(conversation)}
          language={languageOf(conversation)}
          onClose={close}
          onPick={(text) => {
            setOpen(false);
            onInsert(text);
          }}
        />
      )}
    </div>
  );
}
