/** @jsxImportSource preact */

const svg = { width: 24, height: 24, viewBox: '0 0 24 24', fill: 'none', 'aria-hidden': true } as const;
const stroke = { stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

export const ChatIcon = () => (
  <svg {...svg}>
    <path
      fill="currentColor"
      d="M12 3C6.9 3 3 6.6 3 11c0 2.3 1.1 4.4 2.9 5.9-.2 1.4-.8 2.7-1.8 3.7 2.1 0 3.9-.7 5.2-1.8.9.2 1.8.3 2.7.3 5.1 0 9-3.6 9-8.1S17.1 3 12 3Z"
    />
  </svg>
);

export const CloseIcon = () => (
  <svg {...svg}>
    <path {...stroke} d="M6 6l12 12M18 6 6 18" />
  </svg>
);

export const ChevronDownIcon = () => (
  <svg {...svg}>
    <path {...stroke} d="m6 9 6 6 6-6" />
  </svg>
);

export const SendIcon = () => (
  <svg {...svg}>
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
  </svg>
);

export const CheckIcon = () => (
  <svg {...svg}>
    <path {...stroke} d="m5 12.5 4.5 4.5L19 7.5" />
  </svg>
);

export const BlockedIcon = () => (
  <svg {...svg}>
    <circle {...stroke} cx="12" cy="12" r="9" />
    <path {...stroke} d="M12 8v5M12 16.5v.01" />
  </svg>
);

export const PaperclipIcon = () => (
  <svg {...svg}>
    <path {...stroke} d="m20.5 11.5-8.1 8.1a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
  </svg>
);

export const FileIcon = () => (
  <svg {...svg}>
    <path {...stroke} d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path {...stroke} d="M14 3v5h5M9 13h6M9 17h4" />
  </svg>
);

const PHONE =
  'M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8.1 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2Z';

export const PhoneIcon = () => (
  <svg {...svg}>
    <path {...stroke} d={PHONE} />
  </svg>
);

export const HangUpIcon = () => (
  <svg {...svg}>
    <path {...stroke} d={PHONE} transform="rotate(135 12 12)" />
  </svg>
);

export const MicIcon = ({ off }: { off: boolean }) => (
  <svg {...svg}>
    <path {...stroke} d="M12 2a3 3 0 0 0-3 3v7a3 3 0 0 0 6 0V5a3 3 0 0 0-3-3ZM19 10v2a7 7 0 0 1-14 0v-2M12 19v3" />
    {off && <path {...stroke} d="M3 3l18 18" />}
  </svg>
);

export const CameraIcon = ({ off }: { off: boolean }) => (
  <svg {...svg}>
    <path {...stroke} d="m22 8-6 4 6 4V8ZM4 6h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2Z" />
    {off && <path {...stroke} d="M3 3l18 18" />}
  </svg>
);
