/** @jsxImportSource preact */

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

export function Avatar({ name, size = 'small' }: { name: string; size?: 'small' | 'large' }) {
  return (
    <span class={`sb-avatar sb-avatar-${size}`} aria-hidden="true">
      {initials(name) || '•'}
    </span>
  );
}
