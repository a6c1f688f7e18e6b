import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { abandonAll, answer, ask } from './requests';

const take = (clientId: string) => ({ type: 'take', conversationId: 7, clientId }) as const;

describe('takes asked over the socket', () => {
  it('resolves when the server answers taken, and says which chat', async () => {
    const asked = ask(take('take-aaaa1'), () => true);
    expect(answer({ type: 'taken', clientId: 'take-aaaa1', conversationId: 7 })).toBe(true);
    await expect(asked).resolves.toMatchObject({ conversationId: 7 });
  });

  it('fails like the HTTP take would, with the status and the name to word "already taken by"', async () => {
    const asked = ask(take('take-aaaa2'), () => true);
    answer({ type: 'error', clientId: 'take-aaaa2', code: 'ALREADY_TAKEN', message: 'Already taken by Anna', params: { name: 'Anna' } });
    const error = await asked!.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'ALREADY_TAKEN', params: { name: 'Anna' } });
  });

  it('leaves errors that answer nothing asked (a call frame) to others', () => {
    expect(answer({ type: 'error', code: 'CALLS_NOT_ALLOWED', message: 'no' })).toBe(false);
    expect(answer({ type: 'error', clientId: 'take-unknown', code: 'FORBIDDEN', message: 'no' })).toBe(false);
  });

  it('is not asked when the socket is down, so the caller uses HTTP', () => {
    expect(ask(take('take-aaaa3'), () => false)).toBeNull();
  });

  it('fails with status 0 when the socket drops before the answer, so the caller asks over HTTP', async () => {
    const asked = ask(take('take-aaaa4'), () => true);
    abandonAll();
    await expect(asked).rejects.toMatchObject({ status: 0 });
    expect(answer({ type: 'taken', clientId: 'take-aaaa4', conversationId: 7 })).toBe(false);
  });
});
