import { useTranslation } from 'react-i18next';
import type { Reaction } from '@switchboard/protocol';

/** Reactions grouped by emoji, in the order they first came: 👍 2, each saying who reacted. */
export function groupReactions(reactions: readonly Reaction[]): { emoji: string; names: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const r of reactions) groups.set(r.emoji, [...(groups.get(r.emoji) ?? []), r.byName]);
  return [...groups].map(([emoji, names]) => ({ emoji, names }));
}

export function Reactions({ reactions }: { reactions: readonly Reaction[] }) {
  const { t } = useTranslation();
  if (reactions.length === 0) return null;
  return (
    <ul className="reactions" data-testid="reactions">
      {groupReactions(reactions).map(({ emoji, names }) => {
        const label = t('reactions.label', { emoji, names: names.join(', ') });
        return (
          <li key={emoji} className="reaction" title={label} aria-label={label} data-testid="reaction">
            <span aria-hidden="true">{emoji}</span>
            <span className="reaction__who" aria-hidden="true">
              {names.length === 1 ? names[0] : names.length}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
