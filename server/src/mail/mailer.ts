import nodemailer, { type Transporter } from 'nodemailer';
import { errors } from '../http/errors.js';

export interface Mail {
  to: string;
  toName: string;
  subject: string;
  text: string;
  fromName: string;
}

/** Sends email through the SMTP server named by SMTP_URL; refuses clearly when none is configured. */
export class Mailer {
  private readonly transport: Transporter | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  }

  /** Whether email can be sent at all (SMTP_URL set): features that need it are offered only then. */
  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: Mail): Promise<void> {
    if (!this.transport) throw errors.mailNotConfigured();
    try {
      await this.transport.sendMail({
        from: { name: mail.fromName, address: this.from },
        to: { name: mail.toName, address: mail.to },
        subject: mail.subject,
        text: mail.text,
      });
    } catch {
      throw errors.mailFailed();
    }
  }

  close(): void {
    this.transport?.close();
  }
}
