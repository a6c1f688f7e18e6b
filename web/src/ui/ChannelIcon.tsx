import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '@switchboard/protocol';

/** Brand-neutral glyphs for each customer channel; internal chats have none. */
const GLYPHS: Record<Channel, { colour: string; path: ReactNode }> = {
  livechat: {
    colour: '#2563eb',
    path: (
      <>
        <rect x="3" y="4" width="18" height="13" rx="3" fill="currentColor" />
        <path d="M8 17v3.5L12 17" fill="currentColor" />
        <circle cx="8.5" cy="10.5" r="1.2" fill="#fff" />
        <circle cx="12" cy="10.5" r="1.2" fill="#fff" />
        <circle cx="15.5" cy="10.5" r="1.2" fill="#fff" />
      </>
    ),
  },
  whatsapp: {
    colour: '#16a34a',
    path: (
      <>
        <path d="M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3z" fill="currentColor" />
        <path
          d="M9 8.2c.2-.4.5-.4.7-.4h.5c.2 0 .4.1.5.4l.7 1.6c.1.2 0 .4-.1.6l-.5.6c.6 1.2 1.5 2.1 2.7 2.7l.6-.5c.2-.2.4-.2.6-.1l1.6.7c.2.1.4.3.4.5v.5c0 .3-.1.6-.4.8-.6.4-1.5.6-2.6.2-2-.8-3.6-2.4-4.4-4.4-.4-1.1-.2-2 .2-2.6z"
          fill="#fff"
        />
      </>
    ),
  },
  messenger: {
    colour: '#7c3aed',
    path: (
      <>
        <path d="M12 3C7 3 3 6.7 3 11.3c0 2.6 1.3 4.9 3.3 6.4V21l3-1.7c.8.2 1.7.3 2.7.3 5 0 9-3.7 9-8.3S17 3 12 3z" fill="currentColor" />
        <path d="m6.8 13.6 3-3.2 2 1.6 3.4-1.9-3 3.2-2-1.6z" fill="#fff" stroke="#fff" strokeWidth="0.8" strokeLinejoin="round" />
      </>
    ),
  },
  sms: {
    colour: '#ea580c',
    path: (
      <>
        <rect x="3" y="4" width="18" height="13" rx="2" fill="currentColor" />
        <path d="M7 17v3.5l4-3.5" fill="currentColor" />
        <text x="12" y="13.2" textAnchor="middle" fontSize="6.2" fontWeight="700" fill="#fff" fontFamily="system-ui, sans-serif">
          SMS
        </text>
      </>
    ),
  },
};

export function ChannelIcon({ channel, size = 16 }: { channel: Channel; size?: number }) {
  const { t } = useTranslation();
  const glyph = GLYPHS[channel];
  const label = t(`channels.${channel}`);
  return (
    <span className="channel-icon" style={{ color: glyph.colour }} title={label} data-testid="channel-icon" data-channel={channel}>
      <svg width={size} height={size} viewBox="0 0 24 24" role="img" aria-label={label}>
        {glyph.path}
      </svg>
    </span>
  );
}
