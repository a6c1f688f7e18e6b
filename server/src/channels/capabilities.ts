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

/** When free-form replies stop being possible, or null when the channel has no window (or nothing came in yet). */
export function replyWindowClosesAt(type: ChannelType, lastInboundAt: number | null, settings?: unknown): number | null {
  const window = replyWindowMs(type, settings);
  return window === null || lastInboundAt === null ? null : lastInboundAt + window;
}
