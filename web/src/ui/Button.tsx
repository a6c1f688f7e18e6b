import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Variant = 'default' | 'primary' | 'danger' | 'ghost' | 'link';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  variant?: Variant;
  small?: boolean;
  block?: boolean;
  icon?: ReactNode;
  testId?: string;
}

/** The one button: its variants are base.css's .button--* (and .link-button for an inline action). */
export function Button({ variant = 'default', small = false, block = false, icon, testId, type = 'button', children, ...rest }: Props) {
  const classes =
    variant === 'link'
      ? ['link-button']
      : ['button', variant !== 'default' && `button--${variant}`, small && 'button--small', block && 'button--block'].filter(Boolean);
  return (
    <button type={type} className={classes.join(' ')} data-testid={testId} {...rest}>
      {icon}
      {children}
    </button>
  );
}
