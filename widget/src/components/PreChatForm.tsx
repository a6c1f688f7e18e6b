/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import type { Strings } from '../i18n.js';

interface Props {
  t: Strings;
  askName: boolean;
  askEmail: boolean;
  onStart: (name: string, email: string) => Promise<void>;
}

/** Asks for the visitor's name and/or email before the first message, as the widget is configured. */
export function PreChatForm({ t, askName, askEmail, onStart }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      await onStart(String(data.get('name') ?? '').trim(), String(data.get('email') ?? '').trim());
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 400 ? t.invalidEmail : t.somethingWrong);
      setBusy(false);
    }
  };

  return (
    <form class="sb-form sb-card" onSubmit={submit}>
      <p class="sb-form-intro">{t.prechatIntro}</p>
      {askName && (
        <label class="sb-field">
          <span>{t.name}</span>
          <input name="name" required maxLength={120} autoComplete="name" data-testid="widget-name" data-autofocus />
        </label>
      )}
      {askEmail && (
        <label class="sb-field">
          <span>{t.email}</span>
          <input name="email" type="email" required maxLength={200} autoComplete="email" data-testid="widget-email" data-autofocus={!askName || undefined} />
        </label>
      )}
      {error && (
        <p class="sb-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="sb-primary" disabled={busy} data-testid="widget-start">
        {t.start}
      </button>
    </form>
  );
}
