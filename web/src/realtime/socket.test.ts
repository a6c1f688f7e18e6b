import { CloseCodes } from '@switchboard/protocol/sockets';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeSocket } from './socket';

/** Just enough of the browser's WebSocket to count connection attempts and close them with a code. */
class FakeSocket {
  static readonly OPEN = 1;
  static opened: FakeSocket[] = [];
  readyState = FakeSocket.OPEN;
  onopen: (() => void) | null = null;
  onmessage: ((frame: { data: unknown }) => void) | null = null;
  onclose: ((close: { code: number }) => void) | null = null;
  constructor(readonly url: URL) {
    FakeSocket.opened.push(this);
  }
  send(): void {}
  close(): void {}
  serverCloses(code: number): void {
    this.onclose?.({ code });
  }
}

describe('RealtimeSocket after the server closed it', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { href: 'https://chat.example/' });
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const start = () => {
    const handlers = { onEvent: vi.fn(), onStatus: vi.fn(), onSignedOut: vi.fn() };
    const socket = new RealtimeSocket('seq', handlers);
    socket.start();
    return { socket, handlers };
  };

  it('waits a minute after "too many sockets" instead of reconnecting into the cap again', () => {
    const { socket } = start();
    FakeSocket.opened[0]!.serverCloses(CloseCodes.TOO_MANY_SOCKETS);
    vi.advanceTimersByTime(59_000);
    expect(FakeSocket.opened).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.opened).toHaveLength(2);
    socket.stop();
  });

  it('stops for good when signed out, and says so', () => {
    const { handlers } = start();
    FakeSocket.opened[0]!.serverCloses(CloseCodes.SIGNED_OUT);
    vi.advanceTimersByTime(600_000);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(handlers.onSignedOut).toHaveBeenCalledOnce();
  });

  it('reconnects soon after being closed for flooding or reading slowly', () => {
    const { socket } = start();
    FakeSocket.opened[0]!.serverCloses(CloseCodes.TOO_SLOW);
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.opened).toHaveLength(2);
    socket.stop();
  });
});
