import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server for tests: takes every mail without authentication and keeps it, parsed. */
export interface TestSmtp {
  /** The SMTP_URL that points the server at it. */
  url: string;
  /** Every mail it got, in the order they arrived. */
  received: ParsedMail[];
  /**
   * Waits until `count` mails have arrived (the server sends after answering the request) and answers
   * the last of them; fails if they are not there within `timeoutMs`.
   */
  mail(count?: number, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((parsed) => {
        received.push(parsed);
        for (const wake of waiters) wake();
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    async mail(count = 1, timeoutMs = 5000) {
      if (received.length < count) {
        await new Promise<void>((resolve) => {
          const finish = () => {
            clearTimeout(timer);
            waiters.delete(arrived);
            resolve();
          };
          const arrived = () => {
            if (received.length >= count) finish();
          };
          const timer = setTimeout(finish, timeoutMs);
          waiters.add(arrived);
        });
      }
      if (received.length < count) throw new Error(`expected ${count} mail(s) within ${timeoutMs} ms, got ${received.length}`);
      return received[count - 1]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
