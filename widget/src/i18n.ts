import type { WidgetConfig } from '@switchboard/protocol';

const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  chatWindow: 'Chat',
  greeting: 'Hi! How can we help you?',
  statusOnline: 'We typically reply in a few minutes',
  statusWaiting: 'Someone will be with you shortly',
  statusAgent: 'You are chatting with {name}',
  statusOffline: 'We are away right now',
  placeholder: 'Write a message…',
  typing: '{name} is typing…',
  send: 'Send message',
  you: 'You',
  team: 'Team',
  emptyHint: 'Ask us anything, we are happy to help.',
  prechatIntro: 'Before we start, please tell us who you are.',
  name: 'Your name',
  email: 'Your email',
  message: 'Your message',
  start: 'Start chat',
  invalidEmail: 'Please enter a valid email address.',
  somethingWrong: 'Something went wrong. Please try again.',
  offlineIntro: 'Nobody is available right now. Leave us a message and we will get back to you by email.',
  sendOffline: 'Send message',
  offlineSentTitle: 'Thank you!',
  offlineSentBody: 'We got your message and will reply to {email} as soon as we can.',
  taken: '{name} joined the chat',
  transferred: 'You are now chatting with {name}',
  ended: 'The chat has ended',
  endedHint: 'Need anything else? Just write a new message.',
  blockedTitle: 'Chat is not available',
  blockedBody: 'Sorry, live chat is not available to you at the moment.',
  offlineReply: 'Thanks for your message! Nobody is available right now; we will get back to you as soon as we can.',
  sending: 'Sending…',
  retrying: 'Not delivered yet, retrying…',
  failed: 'Not sent. Tap to try again.',
  reconnecting: 'Reconnecting…',
  poweredBy: 'Powered by Switchboard',
  attach: 'Attach files',
  removeFile: 'Remove {name}',
  cancelUpload: 'Cancel uploading {name}',
  uploading: 'Uploading… {percent}%',
  uploadFailed: 'Could not upload this file. Please try again.',
  fileTypeRefused: '“{name}” cannot be sent. Accepted are PDF, Office documents, TXT, RTF and images (JPG, PNG, GIF, BMP, WEBP, TIFF, HEIC).',
  fileTooLarge: '“{name}” is larger than {limit}, the most a file may have.',
  tooManyUnsent:
    'Too many files uploaded but not sent (at most {files} files or {limit}). Send them first, or wait: unsent files are deleted after {minutes} minutes.',
  tooManyFiles: 'Up to {max} files can be sent with one message.',
  openImage: 'Open image {name}',
  download: 'Download {name}',
};

export type Strings = typeof en;

const de: Strings = {
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  chatWindow: 'Chat',
  greeting: 'Hallo! Wie können wir Ihnen helfen?',
  statusOnline: 'Wir antworten meist innerhalb weniger Minuten',
  statusWaiting: 'Gleich ist jemand für Sie da',
  statusAgent: 'Sie chatten mit {name}',
  statusOffline: 'Wir sind gerade nicht erreichbar',
  placeholder: 'Nachricht schreiben…',
  typing: '{name} schreibt …',
  send: 'Nachricht senden',
  you: 'Sie',
  team: 'Team',
  emptyHint: 'Fragen Sie uns alles – wir helfen gern.',
  prechatIntro: 'Bevor es losgeht: Bitte sagen Sie uns, wer Sie sind.',
  name: 'Ihr Name',
  email: 'Ihre E-Mail-Adresse',
  message: 'Ihre Nachricht',
  start: 'Chat starten',
  invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  somethingWrong: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  offlineIntro: 'Gerade ist niemand erreichbar. Hinterlassen Sie uns eine Nachricht, wir melden uns per E-Mail.',
  sendOffline: 'Nachricht senden',
  offlineSentTitle: 'Vielen Dank!',
  offlineSentBody: 'Wir haben Ihre Nachricht erhalten und antworten so bald wie möglich an {email}.',
  taken: '{name} ist dem Chat beigetreten',
  transferred: 'Sie chatten jetzt mit {name}',
  ended: 'Der Chat wurde beendet',
  endedHint: 'Noch etwas? Schreiben Sie einfach eine neue Nachricht.',
  blockedTitle: 'Chat ist nicht verfügbar',
  blockedBody: 'Der Live-Chat steht Ihnen derzeit leider nicht zur Verfügung.',
  offlineReply: 'Danke für Ihre Nachricht! Gerade ist niemand erreichbar; wir melden uns so bald wie möglich.',
  sending: 'Wird gesendet…',
  retrying: 'Noch nicht zugestellt, neuer Versuch…',
  failed: 'Nicht gesendet. Tippen, um es erneut zu versuchen.',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  poweredBy: 'Bereitgestellt von Switchboard',
  attach: 'Dateien anhängen',
  removeFile: '{name} entfernen',
  cancelUpload: 'Hochladen von {name} abbrechen',
  uploading: 'Wird hochgeladen… {percent} %',
  uploadFailed: 'Die Datei konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut.',
  fileTypeRefused: '„{name}“ kann nicht gesendet werden. Erlaubt sind PDF, Office-Dokumente, TXT, RTF und Bilder (JPG, PNG, GIF, BMP, WEBP, TIFF, HEIC).',
  fileTooLarge: '„{name}“ ist größer als {limit}, die Höchstgröße einer Datei.',
  tooManyUnsent:
    'Zu viele hochgeladene, noch nicht gesendete Dateien (höchstens {files} Dateien oder {limit}). Senden Sie sie zuerst oder warten Sie: Nicht gesendete Dateien werden nach {minutes} Minuten gelöscht.',
  tooManyFiles: 'Mit einer Nachricht können bis zu {max} Dateien gesendet werden.',
  openImage: 'Bild {name} öffnen',
  download: '{name} herunterladen',
};

export type Language = 'en' | 'de';

export const dictionaries: Record<Language, Strings> = { en, de };

/** The widget's language; 'auto' follows the visitor's browser. */
export function languageOf(setting: WidgetConfig['language'] | undefined): Language {
  const chosen = !setting || setting === 'auto' ? navigator.language.slice(0, 2).toLowerCase() : setting;
  return chosen === 'de' ? 'de' : 'en';
}

export const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/** The widget's words in its language, the admin's texts for that language in place of the built-in ones. */
export function stringsFor(config: Pick<WidgetConfig, 'language' | 'texts'> | undefined): Strings {
  const language = languageOf(config?.language);
  const builtIn = dictionaries[language];
  const own = config?.texts[language];
  return {
    ...builtIn,
    greeting: own?.greeting || builtIn.greeting,
    offlineIntro: own?.offline || builtIn.offlineIntro,
    prechatIntro: own?.prechat || builtIn.prechatIntro,
  };
}
