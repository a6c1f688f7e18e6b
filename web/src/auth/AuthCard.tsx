import type { FormEvent, ReactNode } from 'react';
import { LanguageSelect } from '../app/LanguageSelect';
import { Logo } from '../ui/icons';
import './auth.css';

/** The card every step before sign-in is shown in: the brand, a title, a line under it, one form. */
export function AuthCard({
  title,
  subtitle,
  onSubmit,
  testId,
  children,
}: {
  title: string;
  subtitle: string;
  onSubmit: () => void;
  testId: string;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <div className="login">
      <div className="login__language">
        <LanguageSelect />
      </div>
      <form className="login__card" onSubmit={submit} data-testid={testId}>
        <div className="login__brand">
          <Logo />
          <span>Switchboard</span>
        </div>
        <h1>{title}</h1>
        <p className="login__subtitle">{subtitle}</p>
        {children}
      </form>
    </div>
  );
}

export function AuthError({ text, testId }: { text: string; testId: string }) {
  if (!text) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}
