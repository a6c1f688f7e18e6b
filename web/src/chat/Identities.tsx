import { useTranslation } from 'react-i18next';
import type { ChannelAccountRef, CustomerIdentity } from '@switchboard/protocol';
import { ChannelIcon } from '../ui/ChannelIcon';

/** "WhatsApp · Support line · +49 151 …", "Website visitor · Website widget". */
export function identityLine(identity: CustomerIdentity, t: (key: string) => string): string {
  const what = identity.type === 'livechat' ? t('identity.visitor') : t(`channels.${identity.type}`);
  return [what, identity.accountName, identity.address].filter(Boolean).join(' · ');
}

/** How the customer is known on each channel (several once merged). */
export function Identities({ identities }: { identities: readonly CustomerIdentity[] }) {
  const { t } = useTranslation();
  if (identities.length === 0) return null;
  return (
    <ul className="identities" data-testid="info-identities">
      {identities.map((identity) => (
        <li key={`${identity.type}|${identity.accountName}|${identity.address}`} data-testid="info-identity">
          <ChannelIcon channel={identity.type} size={14} />
          <span>{identityLine(identity, t)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The account the chat came through: its name, and the business number customers write to (phone channels). */
export function AccountDetails({ account }: { account: ChannelAccountRef }) {
  const { t } = useTranslation();
  return (
    <dl className="info__details" data-testid="info-account">
      <div className="info__row">
        <dt>{t('customer.info.account')}</dt>
        <dd>{account.name}</dd>
      </div>
      {account.address && (
        <div className="info__row">
          <dt>{t('customer.info.businessNumber')}</dt>
          <dd>{account.address}</dd>
        </div>
      )}
    </dl>
  );
}
