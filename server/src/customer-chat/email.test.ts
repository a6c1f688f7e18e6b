import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, TestVisitor } from '../testing/customer-chat.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { startSmtp, type TestSmtp } from '../testing/smtp.js';
import type { TestSocket } from '../testing/ws-client.js';

describe('emailing a live chat customer', () => {
  let smtp: TestSmtp;
  let h: Harness;
  let socket: TestSocket;

  beforeEach(async () => {
    smtp = await startSmtp();
    h = await startHarness('sqlite', { env: { SMTP_URL: smtp.url, MAIL_FROM: 'support@acme.example' } });
    await h.listen();
  });
  afterEach(async () => {
    await socket?.close();
    await h.close();
    await smtp.close();
  });

  async function chatWith(email: string) {
    const admin = await h.user('Root', 'admin');
    const anna = await h.user('Anna Agent');
    const queue = await createQueue(h, admin, { agentIds: [anna.id] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    socket = await agentOnline(h, anna, [queue.id]);
    await (await TestVisitor.start(h, widget.key, 'Jane Visitor', '203.0.113.7', email)).write('Please send me the offer');
    return { anna, conversation: (await recents(h, anna))[0]! };
  }

  it('sends the mail through the configured SMTP server, from the agent, to the visitor', async () => {
    const { anna, conversation } = await chatWith('jane@customer.example');
    const response = await act(h, anna, conversation.id, 'email', { subject: 'Your offer', body: 'Hello Jane,\nhere it is.' });
    expect(response.statusCode).toBe(200);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('Your offer');
    expect(mail.text?.trim()).toBe('Hello Jane,\nhere it is.');
    expect(mail.from?.value).toEqual([{ address: 'support@acme.example', name: 'Anna Agent' }]);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([{ address: 'jane@customer.example', name: 'Jane Visitor' }]);
  });

  it('refuses clearly when the visitor left no email address, and sends nothing', async () => {
    const { anna, conversation } = await chatWith('');
    const response = await act(h, anna, conversation.id, 'email', { subject: 'Hi', body: 'Hello' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('The customer left no email address');
    expect(smtp.received).toEqual([]);
  });
});
