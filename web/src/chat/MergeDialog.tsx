import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { formatShort } from '../i18n/format';
import { showToast } from '../lib/toast';
import { useDebounced } from '../lib/useDebounced';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon } from '../ui/ChannelIcon';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { SearchIcon } from '../ui/icons';
import { mergeCustomer } from './channelActions';
import { useCustomerSearch } from './queries';

/** What tells two customers of the same name apart: their number, email and channels. */
function customerDetails(customer: CustomerSummary, t: (key: string) => string): string {
  return [customer.phone, customer.email, ...customer.channels.map((c) => (c === 'livechat' ? t('identity.visitor') : t(`channels.${c}`)))]
    .filter(Boolean)
    .join(', ');
}

function CustomerTarget({ customer, onPick }: { customer: CustomerSummary; onPick: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <button type="button" className="customer-target" onClick={onPick} data-testid="merge-candidate" data-customer-id={customer.id}>
        <Avatar name={customer.name || '?'} size="sm" />
        <span className="customer-target__text">
          <span className="customer-target__name">
            {customer.name || t('customer.anonymous')}
            {customer.channels.map((c) => (
              <ChannelIcon key={c} channel={c} size={14} />
            ))}
          </span>
          <span className="customer-target__meta">
            {[customer.phone, customer.email, formatShort(customer.lastSeenAt, i18n.language, t)].filter(Boolean).join(' · ')}
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * "Same person as…": find the other customer, then confirm — merging moves their identities and chats to
 * this chat's customer and cannot be undone.
 */
export function MergeDialog({
  conversationId,
  customerId,
  customerName,
  onClose,
}: {
  conversationId: number;
  customerId: number;
  customerName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const search = useCustomerSearch(q);
  const [picked, setPicked] = useState<CustomerSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const found = (search.data?.customers ?? []).filter((c) => c.id !== customerId);

  const confirm = () => {
    if (!picked) return;
    setBusy(true);
    setError('');
    mergeCustomer(conversationId, picked.id)
      .then(() => {
        showToast(t('merge.done'), 'success');
        onClose();
      })
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  if (picked) {
    return (
      <ConfirmDialog
        title={t('merge.confirmTitle')}
        text={t('merge.confirmText', { other: picked.name || t('customer.anonymous'), details: customerDetails(picked, t), name: customerName })}
        confirmLabel={t('merge.confirm')}
        danger
        busy={busy}
        error={error}
        onConfirm={confirm}
        onClose={() => setPicked(null)}
      />
    );
  }

  return (
    <Dialog title={t('merge.title', { name: customerName })} onClose={onClose} testId="merge-dialog">
      <p className="muted transfer__hint">{t('merge.hint')}</p>
      <div className="search-field transfer__search">
        <SearchIcon />
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('merge.search')}
          aria-label={t('merge.search')}
          data-testid="merge-search"
        />
      </div>
      {search.isError && <p className="form-error">{errorText(search.error, t)}</p>}
      {q.length < 2 ? (
        <p className="muted section-empty">{t('merge.typeMore')}</p>
      ) : search.isPending ? (
        <p className="muted section-empty">{t('chat.searching')}</p>
      ) : found.length === 0 ? (
        <p className="muted section-empty">{t('merge.none')}</p>
      ) : (
        <ul className="targets">
          {found.map((c) => (
            <CustomerTarget key={c.id} customer={c} onPick={() => setPicked(c)} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}
