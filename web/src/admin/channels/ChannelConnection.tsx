import { useMutation } from '@tanstack/react-query';
import type { ChannelAccount, ChannelConnectionTest } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/errorText';
import { formatDateTime } from '../../i18n/format';
import { api } from '../../lib/api';
import { Button } from '../../ui/Button';

/** Provider and server codes of a failed test we can explain in the reader's language; others show the provider's message. */
const EXPLAINED: Record<string, string> = {
  '190': 'token',
  '102': 'token',
  '463': 'token',
  '467': 'token',
  '100': 'notFound',
  '803': 'notFound',
  '10': 'permission',
  '200': 'permission',
  '20003': 'twilioAuth',
  '20404': 'twilioNotFound',
  ACCOUNT_NOT_ACTIVE: 'notActive',
  NETWORK: 'network',
  TIMEOUT: 'network',
  SECRETS_UNREADABLE: 'secrets',
  BAD_SETTINGS: 'badSettings',
};

type Messaging = Exclude<ChannelAccount['type'], 'livechat'>;

/** A saved messaging account's link to its provider: when it last sent us a webhook, and "Test connection". */
export function ChannelConnection({ account }: { account: ChannelAccount }) {
  const { t, i18n } = useTranslation();
  const test = useMutation({ mutationFn: () => api<ChannelConnectionTest>('POST', `/api/admin/channels/${account.id}/test`) });
  if (account.type === 'livechat') return null;
  const provider = t(`admin.channels.connection.provider.${account.type satisfies Messaging}`);
  // The test reads the time again: a webhook may have come in since the list was loaded.
  const lastWebhookAt = test.data ? test.data.lastWebhookAt : account.lastWebhookAt;
  return (
    <section className="editor__section" data-testid="channel-connection">
      <h3 className="editor__section-title">{t('admin.channels.connection.title')}</h3>
      <p className="editor__hint" data-testid="channel-last-webhook" data-received={lastWebhookAt ?? ''}>
        {lastWebhookAt === null
          ? t('admin.channels.connection.noWebhook', { provider })
          : t('admin.channels.connection.lastWebhook', { time: formatDateTime(lastWebhookAt, i18n.language) })}
      </p>
      <div className="channel-connection__test">
        <Button small onClick={() => test.mutate()} disabled={test.isPending} testId="channel-test">
          {t(test.isPending ? 'admin.channels.connection.testing' : 'admin.channels.connection.test')}
        </Button>
        <span className="muted channel-connection__hint">{t('admin.channels.connection.testHint', { provider })}</span>
      </div>
      {test.error && <p className="form-error">{errorText(test.error, t)}</p>}
      {test.data && <TestResult result={test.data} provider={provider} />}
    </section>
  );
}

function TestResult({ result, provider }: { result: ChannelConnectionTest; provider: string }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <div className="notice channel-connection__result" data-testid="channel-test-result" data-ok="true">
        <p>
          {t(result.name ? 'admin.channels.connection.ok' : 'admin.channels.connection.okNoName', { provider, name: result.name, address: result.address })}
        </p>
        {result.missingNumbers.length > 0 && (
          <p className="channel-connection__warning" data-testid="channel-test-missing">
            {t('admin.channels.connection.missingNumbers', { numbers: result.missingNumbers.join(', ') })}
          </p>
        )}
      </div>
    );
  }
  const error = result.error ?? { code: '', message: '' };
  const known = EXPLAINED[error.code];
  return (
    <div className="form-error channel-connection__result" data-testid="channel-test-result" data-ok="false">
      <p>
        <strong>{t('admin.channels.connection.failed', { provider })}</strong>{' '}
        {known ? t(`admin.channels.connection.errors.${known}`, { provider }) : error.message}
      </p>
      {known && error.message && (
        <p className="channel-connection__said">{t('admin.channels.connection.providerSaid', { provider, message: error.message, code: error.code })}</p>
      )}
    </div>
  );
}
