import type { ChannelCapabilities, ChannelType } from '@switchboard/protocol';

const HOUR = 60 * 60 * 1000;

/**
 * What each channel can do, declared once: the conversation view carries it to clients (which show
 * only these actions) and the customer-chat verbs refuse the rest (NOT_SUPPORTED_BY_CHANNEL).
 * Live chat calls also need the widget's own "allow calls" setting.
 */
export const CAPABILITIES: Record<ChannelType, ChannelCapabilities> = {
  livechat: { endSession: true, block: true, files: true, calls: true, replyWindowMs: null, templates: false, delivery: false },
  whatsapp: { endSession: false, block: true, files: true, calls: false, replyWindowMs: 24 * HOUR, templates: true, delivery: true },
  messenger: { endSession: false, block: true, files: true, calls: false, replyWindowMs: 24 * HOUR, templates: false, delivery: true },
  sms: { endSession: false, block: true, files: true, calls: false, replyWindowMs: null, templates: false, delivery: true },
};

export const capabilitiesOf = (type: ChannelType): ChannelCapabilities => CAPABILITIES[type];

/** When free-form replies stop being possible, or null when the channel has no window (or nothing came in yet). */
export function replyWindowClosesAt(type: ChannelType, lastInboundAt: number | null): number | null {
  const window = CAPABILITIES[type].replyWindowMs;
  return window === null || lastInboundAt === null ? null : lastInboundAt + window;
}
