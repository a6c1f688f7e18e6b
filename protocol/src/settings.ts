import { z } from 'zod';

/** The URL schemes a click-to-call template may use: a phone, a SIP client, Skype-style dialers or a PBX's web page. */
export const CLICK_TO_CALL_SCHEMES = ['tel', 'sip', 'sips', 'callto', 'http', 'https'] as const;
/** The placeholder a click-to-call template must contain; the number goes there in E.164, URL-encoded. */
export const CLICK_TO_CALL_PLACEHOLDER = '{number}';

/** What an admin sets in Admin › Calls; the server checks the template (scheme, placeholder) beyond its shape. */
export const OrgSettingsInput = z.object({
  /** e.g. `sip:{number}@pbx.example.com` or `https://pbx.example.com/dial?n={number}`; empty: plain `tel:` links. */
  clickToCallTemplate: z.string().max(500),
});
export type OrgSettingsInput = z.infer<typeof OrgSettingsInput>;

/** Organisation-wide settings every signed-in client needs, e.g. to recognise phone numbers written nationally. */
export const OrgSettings = OrgSettingsInput.extend({
  /** ISO 3166-1 alpha-2 country whose national number format messages are read in (DEFAULT_COUNTRY). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
});
export type OrgSettings = z.infer<typeof OrgSettings>;

/** Why a click-to-call template cannot be used; the server refuses it, the Admin screen says so before saving. */
export type ClickToCallProblem = 'placeholder' | 'scheme' | 'host' | 'characters';

/** Checks a (trimmed) template; empty is fine (plain `tel:` links). */
export function clickToCallProblem(template: string): ClickToCallProblem | null {
  if (template === '') return null;
  // Spaces, control and bidi characters have no place in a URL and could disguise where a link goes.
  if (/[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(template)) return 'characters';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(template)?.[1]?.toLowerCase();
  if (!scheme || !(CLICK_TO_CALL_SCHEMES as readonly string[]).includes(scheme)) return 'scheme';
  if (!template.includes(CLICK_TO_CALL_PLACEHOLDER)) return 'placeholder';
  if (scheme === 'http' || scheme === 'https') {
    // Written out, not left to URL parsing: `https:///dial` would parse with "dial" as its host.
    if (!/^https?:\/\/[^/?#\\]+/i.test(template)) return 'host';
    try {
      new URL(clickToCallUrl(template, '+1'));
    } catch {
      return 'host';
    }
  }
  return null;
}

/** The link a "Call" action opens: the template with the E.164 number URL-encoded (`+` → `%2B`), or `tel:`. */
export function clickToCallUrl(template: string, e164: string): string {
  if (template === '') return `tel:${e164}`;
  return template.split(CLICK_TO_CALL_PLACEHOLDER).join(encodeURIComponent(e164));
}

/** The bundled notification sounds (web/public/sounds/<name>.ogg), or `custom`: the user's own upload. */
export const BUNDLED_SOUNDS = ['chime', 'bell', 'pop', 'marimba'] as const;
export const NotificationSound = z.enum([...BUNDLED_SOUNDS, 'custom']);
export type NotificationSound = z.infer<typeof NotificationSound>;

/** The audio types accepted as a custom notification sound, and its limits. */
export const CUSTOM_SOUND_TYPES = ['audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4', 'audio/aac', 'audio/webm'] as const;
export const CUSTOM_SOUND_MAX_BYTES = 500 * 1024;
export const CUSTOM_SOUND_MAX_SECONDS = 10;

export const CustomSound = z.object({
  /** The uploaded file's name, for display. */
  name: z.string(),
  type: z.enum(CUSTOM_SOUND_TYPES),
  size: z.number().int().nonnegative(),
});
export type CustomSound = z.infer<typeof CustomSound>;

/** Settings > Chat, per user: they follow the user to any browser. */
export const ChatSettingsInput = z.object({
  /** Show an in-app toaster for a new message, a chat offered to me or transferred to me. */
  toaster: z.boolean(),
  /** Show a browser notification (the client asks for permission when this is switched on). */
  webNotifications: z.boolean(),
  /** Play a sound with a notification. */
  playSound: z.boolean(),
  /** `custom` only once a custom sound was uploaded. */
  sound: NotificationSound,
});
export type ChatSettingsInput = z.infer<typeof ChatSettingsInput>;

export const ChatSettings = ChatSettingsInput.extend({
  /** The uploaded sound (GET /api/me/settings/chat/sound), or null. */
  customSound: CustomSound.nullable(),
});
export type ChatSettings = z.infer<typeof ChatSettings>;
