import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/Field';

export interface NewPasswordValue {
  password: string;
  repeat: string;
}

/** A new password typed twice; `mismatch` tells whether the two differ (checked before sending). */
export const mismatch = (value: NewPasswordValue) => value.password !== value.repeat;

export function NewPasswordFields({ value, onChange }: { value: NewPasswordValue; onChange: (value: NewPasswordValue) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('account.newPassword')}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        value={value.password}
        onChange={(password) => onChange({ ...value, password })}
        hint={t('account.passwordRule')}
        testId="new-password"
        autoFocus
      />
      <TextField
        label={t('account.repeatPassword')}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        value={value.repeat}
        onChange={(repeat) => onChange({ ...value, repeat })}
        testId="new-password-repeat"
      />
    </>
  );
}
