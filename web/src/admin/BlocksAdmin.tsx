import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpBlock } from '@switchboard/protocol';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import { useServerData } from '../lib/useServerData';
import type { IpBlockListResponse } from '../lib/types';
import { errorText } from '../app/errorText';
import { formatDateTime } from '../i18n/format';
import { EmptyState } from '../ui/EmptyState';
import { ConfirmDialog } from '../ui/Dialog';
import { BlockIcon } from '../ui/icons';

export function BlocksAdmin() {
  const { t, i18n } = useTranslation();
  const list = useServerData(['admin', 'blocks'], () => api<IpBlockListResponse>('GET', '/api/admin/blocks'));
  const blocks = list.data?.blocks ?? null;
  const error = list.error;
  const [lifting, setLifting] = useState<IpBlock | null>(null);
  const [liftError, setLiftError] = useState('');

  const lift = () => {
    if (!lifting) return;
    const block = lifting;
    api('DELETE', `/api/admin/blocks/${block.id}`)
      .then(() => {
        list.update((l) => ({ ...l, blocks: l.blocks.filter((b) => b.id !== block.id) }));
        setLifting(null);
        showToast(t('admin.blocks.lifted', { ip: block.ip }), 'success');
      })
      .catch((err: unknown) => setLiftError(errorText(err, t)));
  };

  return (
    <>
      <div className="toolbar">
        <p className="muted">{t('admin.blocks.intro')}</p>
      </div>
      {error && (
        <p className="form-error page__error" role="alert">
          {error}
        </p>
      )}
      <div className="page__scroll">
        {blocks === null ? (
          !error && <p className="muted page__loading">{t('app.loading')}</p>
        ) : blocks.length === 0 ? (
          <EmptyState icon={<BlockIcon />} title={t('admin.blocks.empty')} hint={t('admin.blocks.emptyHint')} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('admin.blocks.ip')}</th>
                <th>{t('admin.blocks.visitor')}</th>
                <th>{t('admin.blocks.blockedBy')}</th>
                <th>{t('admin.blocks.blockedAt')}</th>
                <th className="table__actions">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {blocks.map((b) => (
                <tr key={b.id} data-testid="admin-block-row" data-block-id={b.id}>
                  <td>
                    <code>{b.ip}</code>
                  </td>
                  <td data-label={t('admin.blocks.visitor')}>{b.customerName || t('customer.anonymous')}</td>
                  <td data-label={t('admin.blocks.blockedBy')}>{b.createdBy?.name ?? '—'}</td>
                  <td data-label={t('admin.blocks.blockedAt')}>{formatDateTime(b.createdAt, i18n.language)}</td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setLiftError('');
                        setLifting(b);
                      }}
                      data-testid="admin-block-lift"
                    >
                      {t('admin.blocks.lift')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {lifting && (
        <ConfirmDialog
          title={t('admin.blocks.liftTitle')}
          text={t('admin.blocks.liftText', { ip: lifting.ip })}
          confirmLabel={t('admin.blocks.lift')}
          error={liftError}
          onConfirm={lift}
          onClose={() => setLifting(null)}
        />
      )}
    </>
  );
}
