import { z } from 'zod';
import { CallPartyFrame } from './calls.js';
import { Id } from './common.js';
import { NameText, Text } from './text.js';
import { ClientId, ConversationState, hasTextOrFiles, Message, MessageBody, OptionalMessageBody } from './chat.js';
import { FileIds } from './files.js';

export const WidgetLanguage = z.enum(['auto', 'en', 'de']);
export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');

export const WidgetTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queueId: Id }),
  z.object({ type: z.literal('extension'), userId: Id }),
]);
export type WidgetTarget = z.infer<typeof WidgetTarget>;

/** The languages a widget speaks; its texts are set per language. */
export const WIDGET_TEXT_LANGUAGES = ['en', 'de'] as const;

/** A widget's own words in one language; '' shows the widget's built-in text in that language. */
export const WidgetTexts = z.object({
  greeting: Text().trim().max(500).default(''),
  offline: Text().trim().max(500).default(''),
  prechat: Text().trim().max(500).default(''),
});
export type WidgetTexts = z.infer<typeof WidgetTexts>;

export const WidgetTextsByLanguage = z.object({ en: WidgetTexts.prefault({}), de: WidgetTexts.prefault({}) });
export type WidgetTextsByLanguage = z.infer<typeof WidgetTextsByLanguage>;

export const WidgetInput = z.object({
  name: NameText(120),
  target: WidgetTarget,
  texts: WidgetTextsByLanguage.prefault({}),
  askName: z.boolean().default(true),
  askEmail: z.boolean().default(false),
  colour: Colour.default('#1f6feb'),
  language: WidgetLanguage.default('auto'),
  allowCalls: z.boolean().default(false),
});
export type WidgetInput = z.infer<typeof WidgetInput>;

/** `key` is the public id used in the script tag's data-widget attribute. */
export const Widget = WidgetInput.extend({ id: Id, key: z.string() });
export type Widget = z.infer<typeof Widget>;
export const WidgetList = z.object({ widgets: z.array(Widget) });

export const WidgetKeyParam = z.object({ key: Text().min(1).max(64) });

/** What the widget on a visitor's page needs; `online` is false when no agent can take a chat now. */
export const WidgetConfig = z.object({
  /** Every language's texts: the widget picks by the language it shows, visitor's browser included. */
  texts: WidgetTextsByLanguage,
  askName: z.boolean(),
  askEmail: z.boolean(),
  colour: z.string(),
  language: WidgetLanguage,
  allowCalls: z.boolean(),
  online: z.boolean(),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;

const VisitorName = NameText(120, 0);
const VisitorEmail = z.union([z.email().max(200), z.literal('')]);

/** A visitor's language as their browser states it (its primary subtag), lower-case. */
const VisitorLanguage = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code like "de"');

export const StartVisit = z.object({
  name: VisitorName.default(''),
  email: VisitorEmail.default(''),
  language: VisitorLanguage.default(''),
});
export type StartVisit = z.infer<typeof StartVisit>;

/** The visitor's secret: kept in the visitor's browser, sent as `Authorization: Visitor <token>`. */
export const VisitResponse = z.object({ token: z.string(), visitorId: Id });
export type VisitResponse = z.infer<typeof VisitResponse>;

export const VisitorChat = z.object({
  visitorId: Id,
  name: z.string(),
  email: z.string(),
  state: ConversationState.nullable(),
  agentName: z.string().nullable(),
  messages: z.array(Message),
});
export type VisitorChat = z.infer<typeof VisitorChat>;

export const VisitorSend = z.object({ clientId: ClientId, body: OptionalMessageBody, fileIds: FileIds.optional() }).refine(...hasTextOrFiles);
export type VisitorSend = z.infer<typeof VisitorSend>;

export const OfflineMessage = z.object({
  name: VisitorName.min(1),
  email: z.email().max(200),
  message: MessageBody,
  language: VisitorLanguage.default(''),
});
export type OfflineMessage = z.infer<typeof OfflineMessage>;

/** Events on the visitor's own stream (/ws/visitor); durable ones carry a per-visitor seq. */
export const VisitorDurableEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.created'), message: Message }),
  z.object({ type: z.literal('message.updated'), message: Message }),
  z.object({ type: z.literal('chat.state'), state: ConversationState, agentName: z.string().nullable() }),
]);
export type VisitorDurableEvent = z.infer<typeof VisitorDurableEvent>;

/** What the widget sends on /ws/visitor: pings, and the frames of a call the agent asked it to start. */
export const VisitorClientFrame = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') }), ...CallPartyFrame.options]);
export type VisitorClientFrame = z.infer<typeof VisitorClientFrame>;
/** The visitor is typing (the widget sends it at most every 3 seconds); read before the frames above. */
export const VisitorTypingFrame = z.object({ type: z.literal('typing') });
