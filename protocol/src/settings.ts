import { z } from 'zod';

/** Organisation-wide settings every signed-in client needs, e.g. to recognise phone numbers written nationally. */
export const OrgSettings = z.object({
  /** ISO 3166-1 alpha-2 country whose national number format messages are read in (DEFAULT_COUNTRY). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
});
export type OrgSettings = z.infer<typeof OrgSettings>;

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
