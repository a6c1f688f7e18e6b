import { describe, expect, it } from 'vitest';
import { readFrame } from './client.js';

const offer = (role: string, extra = '') =>
  `{"type":"conversation.created","conversation":{"id":41,"kind":"external","title":"Visitor 0","lastMessage":{"id":7,"conversationId":41,"body":"my \\"myRole\\":\\"owner\\" is a joke"},"customer":{"id":9,"channel":"livechat","name":"Visitor 0"},"unread":1,"myRole":"${role}"${extra},"archived":false}}`;

describe('readFrame', () => {
  it('reads an offer’s chat, customer and role as a full parse would', () => {
    for (const role of ['offered', 'owner']) {
      const full = JSON.parse(offer(role)) as { conversation: { id: number; myRole: string; customer: { id: number } } };
      expect(readFrame(offer(role))).toEqual({
        type: 'conversation.created',
        conversation: { id: full.conversation.id, myRole: full.conversation.myRole, customer: { id: full.conversation.customer.id } },
      });
    }
  });

  it('parses in full what it does not recognise, an offer without a customer among them', () => {
    const noCustomer = '{"type":"conversation.created","conversation":{"id":3,"customer":null,"myRole":"member"}}';
    expect(readFrame(noCustomer)).toEqual(JSON.parse(noCustomer));
    const answer = '{"type":"error","code":"ALREADY_TAKEN","message":"Already taken by Ann","clientId":"take-1-2"}';
    expect(readFrame(answer)).toEqual(JSON.parse(answer));
  });

  it('gives only the type of frames no run reads', () => {
    expect(readFrame('{"type":"conversation.removed","conversationId":3,"reason":"taken"}')).toEqual({ type: 'conversation.removed' });
  });
});
