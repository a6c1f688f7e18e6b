import { CloseCodes } from '@switchboard/protocol/sockets';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VisitorSocket } from './visitor-socket.js';

/** Just enough of the browser's WebSocket to see what the widget opens and close it with a code. */
class FakeSocket {
  static readonly OPEN = 1;
  static opened: FakeSocket[] = [];
  readyState = FakeSocket.OPEN;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((close: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.opened.push(this);
  }
  send(): void {}
  close(): void {}
  serverCloses(code: number): void {
    this.onclose?.({ code });
  }
}

describe('the widget socket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('window', { addEventListener: () => undefined, removeEventListener: () => undefined });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const start = () => {
    const on = { event: vi.fn(), ready: vi.fn(), connection: vi.fn(), refused: vi.fn(), deleted: vi.fn() };
    const socket = new VisitorSocket(
      (lastSeq) => `wss://chat.example/ws/visitor${lastSeq ? `?lastSeq=${lastSeq}` : ''}`,
      () => 'T0KEN',
      () => 7,
      on,
    );
    socket.start();
    return { socket, on };
  };

  it('sends its token as a subprotocol, never in the URL', () => {
    const { socket } = start();
    expect(FakeSocket.opened[0]!.url).toBe('wss://chat.example/ws/visitor?lastSeq=7');
    expect(FakeSocket.opened[0]!.protocols).toEqual(['switchboard.visitor', 'visitor-token.T0KEN']);
    socket.stop();
  });

  it('waits a minute after "too many sockets" (too many tabs) instead of hot-looping', () => {
    const { socket } = start();
    FakeSocket.opened[0]!.serverCloses(CloseCodes.TOO_MANY_SOCKETS);
    vi.advanceTimersByTime(59_000);
    expect(FakeSocket.opened).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.opened).toHaveLength(2);
    socket.stop();
  });
});
