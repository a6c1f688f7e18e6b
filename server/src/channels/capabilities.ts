import type { ChannelCapabilities, ChannelFileLimits, ChannelType } from '@switchboard/protocol';
import { MEDIA_MAX as MMS_MEDIA_MAX, MEDIA_MAX_BYTES as MMS_MAX_BYTES } from './sms/send.js';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES, IMAGE_MAX_BYTES, IMAGE_TYPES } from './whatsapp/send.js';

const HOUR = 60 * 60 * 1000;

/** Messenger's largest attachment (25 MB, any type); here rather than in messenger/send.ts, which imports this module. */
export const MESSENGER_FILE_MAX_BYTES = 25 * 1024 * 1024;

/** The providers' file limits, from the same constants their connectors refuse files by. */
const FILE_LIMITS: Record<ChannelType, ChannelFileLimits | null> = {
  livechat: null,
  whatsapp: {
    maxFiles: null,
    maxTotalBytes: null,
    types: [
      { mimes: [...IMAGE_TYPES], maxBytes: IMAGE_MAX_BYTES },
      { mimes: [...DOCUMENT_TYPES], maxBytes: DOCUMENT_MAX_BYTES },
    ],
  },
  // Images, video and audio as such, anything else as a file: one size for all.
  messenger: { maxFiles: null, maxTotalBytes: null, types: [{ mimes: ['*/*'], maxBytes: MESSENGER_FILE_MAX_BYTES }] },
  sms: { maxFiles: MMS_MEDIA_MAX, maxTotalBytes: MMS_MAX_BYTES, types: null },
};

/**
 * What each channel can do, declared once: the conversation view carries it to clients (which show
 * only these actions) and the customer-chat verbs refuse the rest (NOT_SUPPORTED_BY_CHANNEL).
 * Live chat calls also need the widget's own "allow calls" setting.
 */
export const CAPABILITIES: Record<ChannelType, ChannelCapabilities> = {
  livechat: {
    endSession: true,
    block: true,
    files: true,
    calls: true,
    replyWindowMs: null,
    templates: false,
    delivery: false,
    fileLimits: FILE_LIMITS.livechat,
  },
  whatsapp: {
    endSession: false,
    block: true,
    files: true,
    calls: false,
    replyWindowMs: 24 * HOUR,
    templates: true,
    delivery: true,
    fileLimits: FILE_LIMITS.whatsapp,
  },
  messenger: {
    endSession: false,
    block: true,
    files: true,
    calls: false,
    replyWindowMs: 24 * HOUR,
    templates: false,
    delivery: true,
    fileLimits: FILE_LIMITS.messenger,
  },
  sms: { endSession: false, block: true, files: true, calls: false, replyWindowMs: null, templates: false, delivery: true, fileLimits: FILE_LIMITS.sms },
};

export const capabilitiesOf = (type: ChannelType): ChannelCapabilities => CAPABILITIES[type];

/** One account's capabilities: its type's, with calls only where a live chat widget allows them (`settings` as stored). */
export function accountCapabilities(type: ChannelType, settings?: unknown): ChannelCapabilities {
  const caps = CAPABILITIES[type];
  if (!caps.calls) return caps;
  const parsed = typeof settings === 'string' ? (JSON.parse(settings) as unknown) : settings;
  return { ...caps, calls: (parsed as { allowCalls?: unknown } | null | undefined)?.allowCalls === true };
}

/** Messenger's replies tagged HUMAN_AGENT may go this long after the customer's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

/**
 * An account's reply window: its type's, except that a Messenger account allowed to tag replies
 * HUMAN_AGENT may answer for 7 days. `settings` is the account's settings (parsed or as stored).
 */
export function replyWindowMs(type: ChannelType, settings?: unknown): number | null {
  const parsed = typeof settings === 'string' ? (JSON.parse(settings) as unknown) : settings;
  if (type === 'messenger' && (parsed as { humanAgentTag?: unknown } | null | undefined)?.humanAgentTag === true) return HUMAN_AGENT_WINDOW_MS;
  return CAPABILITIES[type].replyWindowMs;
}

/** What a conversation of this account can do: its type's capabilities with the account's own reply window. */
export function capabilitiesFor(type: ChannelType, settings?: unknown): ChannelCapabilities {
  return { ...accountCapabilities(type, settings), replyWindowMs: replyWindowMs(type, settings) };
}

/** When free-form replies stop being possible, or null when the channel has no window (or nothing came in yet). */
export function replyWindowClosesAt(type: ChannelType, lastInboundAt: number | null, settings?: unknown): number | null {
  const window = replyWindowMs(type, settings);
  return window === null || lastInboundAt === null ? null : lastInboundAt + window;
}
