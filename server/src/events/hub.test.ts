import { describe, expect, it } from 'vitest';
import { InProcessBus } from './bus.js';
import type { Connection } from './connection.js';
import { Hub } from './hub.js';
import { userRecipient } from './recipient.js';

describe('the hub', () => {
  it('reports presence work that failed instead of letting it end the process', async () => {
    const hub = new Hub(new InProcessBus());
    hub.onPresenceChange = async () => {
      throw new Error('database gone');
    };
    const reported: unknown[] = [];
    hub.onPresenceError = (error) => reported.push(error);
    const socket = { recipient: userRecipient(7), device: '', closeGracefully: async () => {} } as unknown as Connection;

    expect(hub.add(socket)).toBe(true);
    await hub.close(); // waits for the presence work in flight
    expect(reported).toEqual([new Error('database gone')]);
  });
});
