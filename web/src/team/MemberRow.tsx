import { useTranslation } from 'react-i18next';
import type { TeamMember } from '@switchboard/protocol';
import { Avatar } from '../ui/Avatar';
import { StarIcon } from '../ui/icons';
import { usePresence } from './presenceStore';

interface Props {
  member: TeamMember;
  onOpen: (member: TeamMember) => void;
  onToggleFavourite: (member: TeamMember) => void;
}

export function MemberRow({ member, onOpen, onToggleFavourite }: Props) {
  const { t } = useTranslation();
  const presence = usePresence(member.id, member.presence);
  return (
    <li className="member" data-testid="team-member" data-user-id={member.id} onClick={() => onOpen(member)}>
      <button type="button" className="member__open" title={t('team.openChat', { name: member.name })}>
        <Avatar name={member.name} presence={presence} />
        <span className="member__text">
          <span className="member__name">{member.name}</span>
          <span className="member__meta">
            <span className={`presence-label presence-label--${presence}`}>{t(`presence.${presence}`)}</span>
            <span>{member.email}</span>
          </span>
        </span>
      </button>
      <span className="member__extension">{t('team.extension', { extension: member.extension })}</span>
      <button
        type="button"
        className={`star${member.favourite ? ' is-on' : ''}`}
        aria-pressed={member.favourite}
        aria-label={member.favourite ? t('team.unfavourite') : t('team.favourite')}
        title={member.favourite ? t('team.unfavourite') : t('team.favourite')}
        onClick={(e) => {
          e.stopPropagation();
          onToggleFavourite(member);
        }}
        data-testid="favourite-toggle"
      >
        <StarIcon filled={member.favourite} />
      </button>
    </li>
  );
}
