import { useTranslation } from 'react-i18next';
import type { MaskedSecret } from '@switchboard/protocol';

/** Which channel's texts and test ids the secret fields use (admin.channels.<prefix>.<name>, <prefix>-<name>). */
type Prefix = 'whatsapp' | 'messenger' | 'sms';

export const emptySecrets = <N extends string>(names: readonly N[]) => Object.fromEntries(names.map((n) => [n, ''])) as Record<N, string>;

/** Empty secret fields keep what is saved (null); typed ones replace it. */
export const secretsBody = <N extends string>(names: readonly N[], fields: Record<N, string>) =>
  Object.fromEntries(names.map((name) => [name, fields[name].trim() || null])) as Record<N, string | null>;

interface Props<N extends string> {
  prefix: Prefix;
  names: readonly N[];
  /** Needed for a new account (a saved one keeps its value when the field stays empty). */
  required: (name: N) => boolean;
  values: Record<N, string>;
  saved: Partial<Record<N, MaskedSecret>> | undefined;
  onChange: (values: Record<N, string>) => void;
}

/** An account's write-only secrets: each field stays empty (nothing is ever sent back); a line says what is saved. */
export function SecretFields<N extends string>({ prefix, names, required, values, saved, onChange }: Props<N>) {
  const { t } = useTranslation();
  return names.map((name) => {
    const stored = saved?.[name];
    const isSet = stored?.set === true;
    return (
      <label className="field" key={name}>
        <span>{t(`admin.channels.${prefix}.${name as string}`)}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={values[name]}
          onChange={(e) => onChange({ ...values, [name]: e.target.value })}
          required={required(name) && !isSet}
          maxLength={1000}
          placeholder={isSet ? stored.hint || '••••••••' : ''}
          data-testid={`${prefix}-${name}`}
        />
        {isSet && (
          <small className="muted field__hint" data-testid={`${prefix}-${name}-saved`}>
            {t('admin.channels.secretSaved', { hint: stored.hint || '••••' })}
          </small>
        )}
      </label>
    );
  });
}
