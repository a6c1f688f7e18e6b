import type { MailLanguage } from '@switchboard/protocol';
import type { z } from 'zod';

type Language = z.infer<typeof MailLanguage>;

/** The "forgot password" mail, in the language the sign-in screen was in when it was asked for. */
export function resetMail(language: Language, name: string, link: string, minutes: number): { subject: string; text: string } {
  if (language === 'de') {
    return {
      subject: 'Switchboard: Passwort zurücksetzen',
      text: [
        `Hallo ${name},`,
        '',
        'jemand (hoffentlich Sie) hat ein neues Passwort für Ihr Switchboard-Konto angefordert.',
        `Über diesen Link wählen Sie ein neues Passwort (gültig für ${minutes} Minuten, nur einmal):`,
        '',
        link,
        '',
        'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Switchboard: reset your password',
    text: [
      `Hello ${name},`,
      '',
      'Someone (hopefully you) asked for a new password for your Switchboard account.',
      `Choose a new password with this link (valid for ${minutes} minutes, once):`,
      '',
      link,
      '',
      'If this was not you, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}
