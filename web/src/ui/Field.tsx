import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  testId?: string;
}

/** A labelled text input (base.css .field), with an optional hint under it. */
export function TextField({ label, value, onChange, hint, testId, ...rest }: Props) {
  return (
    <label className="field">
      <span>{label}</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} {...rest} />
      {hint && <small className="field__hint">{hint}</small>}
    </label>
  );
}

interface SelectProps<T extends string> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  testId?: string;
  children: ReactNode;
}

/** A labelled select (base.css .field). */
export function SelectField<T extends string>({ label, value, onChange, testId, children }: SelectProps<T>) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {children}
      </select>
    </label>
  );
}
