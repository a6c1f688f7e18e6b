import type { Presence } from '@switchboard/protocol';
import { PresenceDot } from './PresenceDot';

const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#ea580c', '#059669', '#0891b2', '#4f46e5', '#b45309'];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

function colourFor(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#2563eb';
}

interface Props {
  name: string;
  size?: 'sm' | 'md' | 'lg';
  presence?: Presence;
  group?: boolean;
}

export function Avatar({ name, size = 'md', presence, group = false }: Props) {
  return (
    <span className={`avatar avatar--${size}${group ? ' avatar--group' : ''}`} style={{ background: colourFor(name) }} aria-hidden="true">
      {initials(name)}
      {presence && <PresenceDot presence={presence} />}
    </span>
  );
}
