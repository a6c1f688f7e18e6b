/** Who won a take: the colleague's id and name. */
export interface Winner {
  id: number;
  name: string;
}

/**
 * The takes of one chat running on this node. Ring all offers a chat to a whole queue and many agents press
 * Take within the same millisecond: each used to open a transaction, lock the chat and be refused under the
 * lock. Now the first goes to the database and the others wait for it here: if it won, they are refused
 * with its winner's name (they were offered the chat, so they may know it) without touching the database;
 * if it failed, they go on as if alone. Across nodes the chat's row lock still decides.
 */
export class TakesInFlight {
  private readonly running = new Map<number, Promise<Winner | undefined>>();

  /** The winner of a take of this chat running now (undefined when none runs or it failed). */
  async settledWinner(conversationId: number): Promise<Winner | undefined> {
    return this.running.get(conversationId);
  }

  /** Runs `take` for `actor` as the chat's take in flight until it ends. */
  async run(conversationId: number, actor: Winner, take: () => Promise<void>): Promise<void> {
    const attempt = take();
    const outcome = attempt.then(
      () => ({ id: actor.id, name: actor.name }),
      () => undefined,
    );
    this.running.set(conversationId, outcome);
    try {
      await attempt;
    } finally {
      if (this.running.get(conversationId) === outcome) this.running.delete(conversationId);
    }
  }
}
