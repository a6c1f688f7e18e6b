/** Whose event stream: a colleague's (`u12`) or a customer's (`c7`), each with its own seq. */
export type Recipient = `u${number}` | `c${number}`;

export const userRecipient = (id: number): Recipient => `u${id}`;
export const customerRecipient = (id: number): Recipient => `c${id}`;

export function parseRecipient(recipient: Recipient): { kind: 'user' | 'customer'; id: number } {
  return { kind: recipient[0] === 'u' ? 'user' : 'customer', id: Number(recipient.slice(1)) };
}
