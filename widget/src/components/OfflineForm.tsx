/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import type { Strings } from '../i18n.js';

/** When nobody can chat: the visitor leaves name, email and message for the team to answer later. */
export function OfflineForm({ t, onSend }: { t: Strings; onSend: (name: string, email: string, message: string) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    setBusy(true);
    setError('');
    try {
      await onSend(field('name'), field('email'), field('message'));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 400 ? t.invalidEmail : t.somethingWrong);
      setBusy(false);
    }
  };

  return (
    <form class="sb-form sb-offline" onSubmit={submit} data-testid="widget-offline-form">
      <p class="sb-form-intro">{t.offlineIntro}</p>
      <label class="sb-field">
        <span>{t.name}</span>
        <input name="name" required maxLength={120} autoComplete="name" data-testid="widget-name" data-autofocus />
      </label>
      <label class="sb-field">
        <span>{t.email}</span>
        <input name="email" type="email" required maxLength={200} autoComplete="email" data-testid="widget-email" />
      </label>
      <label class="sb-field">
        <span>{t.message}</span>
        <textarea name="message" required rows={4} maxLength={10_000} data-testid="widget-composer" />
      </label>
      {error && (
        <p class="sb-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="sb-primary" disabled={busy} data-testid="widget-send">
        {t.sendOffline}
      </button>
    </form>
  );
}
