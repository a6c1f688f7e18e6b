import { describe, expect, it, vi } from 'vitest';
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

  it('ends a close still waiting for presence work when told to, and cuts its sockets', async () => {
    const hub = new Hub(new InProcessBus());
    hub.onPresenceChange = () => new Promise(() => {}); // a database that never answers
    const terminate = vi.fn();
    const socket = { recipient: userRecipient(7), device: '', closeGracefully: async () => {}, terminate } as unknown as Connection;
    hub.add(socket);
    let closed = false;
    const closing = hub.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    hub.endNow();
    await closing;
    expect(terminate).toHaveBeenCalledOnce();
  });
});
