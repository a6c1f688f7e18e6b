/** Who won a take: the colleague's id and name. */
export interface Winner {
  id: number;
  name: string;
}

/** How long a won take is remembered: longer than any check of a take can take, even in a burst. */
const KEEP_WON_MS = 60_000;

/**
 * The takes of one chat on this node. Ring all offers a chat to a whole queue and many agents press Take
 * within the same millisecond: each used to open a transaction, lock the chat and be refused under the
 * lock. Now the first goes to the database and the others wait for it here: if it won, they are refused
 * with its winner's name (they were offered the chat, so they may know it) without touching the database;
 * if it failed, they go on as if alone. A take whose checks read the chat before a colleague's take won,
 * and reach here after it ended, is refused alike: it was asked before the win, so it read the chat as it
 * was (in a burst on PostgreSQL, ~40 of every 50 takes of a chat still opened a transaction to learn that).
 * Across nodes the chat's row lock still decides.
 */
export class TakesInFlight {
  private readonly running = new Map<number, Promise<Winner | undefined>>();
  /** The takes that won lately, by chat, oldest first: at which moment (see `asked`) and who. */
  private readonly won = new Map<number, { at: number; winner: Winner; until: number }>();
  private moment = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes being checked now, by chat (before one of them runs). */
  private readonly checking = new Map<number, number>();

  /**
   * Whether a take of the chat is being checked or running here now, or won lately: a take of it now most
   * likely loses (fifty agents press Take on one offer within a millisecond).
   */
  decided(conversationId: number): boolean {
    if (this.checking.has(conversationId) || this.running.has(conversationId)) return true;
    const won = this.won.get(conversationId);
    return won !== undefined && won.until > this.now();
  }

  /** Counts a take as being checked until the returned function is called (see `decided`). */
  check(conversationId: number): () => void {
    this.checking.set(conversationId, (this.checking.get(conversationId) ?? 0) + 1);
    return () => {
      const left = (this.checking.get(conversationId) ?? 1) - 1;
      if (left > 0) this.checking.set(conversationId, left);
      else this.checking.delete(conversationId);
    };
  }

  /** The moment a take is asked, before its checks read the chat: what `winner` compares wins with. */
  asked(): number {
    return ++this.moment;
  }

  /**
   * Who takes the chat: the winner of a take of it running now (waited for) or of one that won after `askedAt`;
   * when there is none, `take` runs for `actor` as the chat's take in flight, and `actor` is the winner (or its
   * error is thrown). The check and the start are one step: takes whose checks end in the same turn (read
   * together, access/facts-loader.ts) would all have found no take running, and all gone to the database.
   */
  async winner(conversationId: number, actor: Winner, askedAt: number, take: () => Promise<void>): Promise<Winner> {
    for (;;) {
      const running = this.running.get(conversationId);
      if (running) {
        const winner = await running;
        if (winner) return winner;
        continue; // it failed (not offered to them, say): that says nothing about this take
      }
      const won = this.won.get(conversationId);
      if (won && won.at > askedAt) return won.winner;
      return this.run(conversationId, { id: actor.id, name: actor.name }, take);
    }
  }

  /** Runs `take` for `mine` as the chat's take in flight until it ends (in flight before this returns a promise). */
  private async run(conversationId: number, mine: Winner, take: () => Promise<void>): Promise<Winner> {
    const attempt = take();
    const outcome = attempt.then(
      () => mine,
      () => undefined,
    );
    this.running.set(conversationId, outcome);
    try {
      await attempt;
      this.remember(conversationId, mine);
      return mine;
    } finally {
      if (this.running.get(conversationId) === outcome) this.running.delete(conversationId);
    }
  }

  private remember(conversationId: number, winner: Winner): void {
    const now = this.now();
    this.won.delete(conversationId); // re-inserted last: the map stays in the order of the wins
    this.won.set(conversationId, { at: ++this.moment, winner, until: now + KEEP_WON_MS });
    for (const [id, entry] of this.won) {
      if (entry.until > now) break;
      this.won.delete(id);
    }
  }
}
