import type { BusMessage, StreamEvent } from '../events/bus.js';

/** Who won a take: the colleague's id and name. */
export interface Winner {
  id: number;
  name: string;
}

/** How long a won take is remembered: longer than any check of a take can take, even in a burst. */
const KEEP_WON_MS = 60_000;

/**
 * How long a win answers the takes of the colleagues the chat was offered to without a read (`lostTo`): the
 * late takes of a Ring all burst arrive within seconds; a chat offered again soon after is rare, and would be
 * seen by `forgetChanges` anyway, so this only bounds what a missed event could cost.
 */
const ANSWER_FROM_MEMORY_MS = 10_000;

/** A take that won: when (see `asked`), who, and whom the chat was offered to at that moment. */
interface Won {
  at: number;
  winner: Winner;
  until: number;
  offered: ReadonlySet<number>;
  /** Until when `lostTo` answers from this win (0 once the chat changed after it). */
  answersUntil: number;
}

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
  /** The takes that won lately, by chat, oldest first. */
  private readonly won = new Map<number, Won>();
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
   * The colleague whose take of the chat won here lately, when the chat was offered to `actorId` at that moment
   * and no event since showed it changed (`forgetChanges`): the database would refuse the actor's take with
   * that name too, as the chat is the winner's and the actor, offered it, may know who has it. In a Ring all
   * burst 49 of every 50 takes are such; each read the chat and the actor's queue membership to learn it
   * (on PostgreSQL the burst's largest statement). Undefined: judge the take as any other.
   */
  lostTo(conversationId: number, actorId: number): Winner | undefined {
    const won = this.won.get(conversationId);
    if (!won || won.winner.id === actorId || !won.offered.has(actorId) || won.answersUntil <= this.now()) return undefined;
    return won.winner;
  }

  /**
   * Stops answering from a win (`lostTo`) once an event shows its chat other than as won: offered again, sent
   * back to a queue, transferred, closed, deleted. Fed every message of the event bus, this node's and (with
   * Redis) the other nodes', so a chat offered again anywhere is judged by the database again.
   */
  forgetChanges(messages: readonly BusMessage[]): void {
    if (this.won.size === 0) return;
    for (const message of messages) {
      if (!('event' in message)) continue;
      const conversationId = conversationOf(message.event);
      const won = conversationId === undefined ? undefined : this.won.get(conversationId);
      if (won && !showsWin(message.event, won.winner.id)) won.answersUntil = 0;
    }
  }

  /**
   * Who takes the chat: the winner of a take of it running now (waited for) or of one that won after `askedAt`;
   * when there is none, `take` runs for `actor` as the chat's take in flight, and `actor` is the winner (or its
   * error is thrown). `take` answers whom the chat was offered to when it won (see `lostTo`). The check and the
   * start are one step: takes whose checks end in the same turn (read together, access/facts-loader.ts) would
   * all have found no take running, and all gone to the database.
   */
  async winner(conversationId: number, actor: Winner, askedAt: number, take: () => Promise<readonly number[]>): Promise<Winner> {
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
  private async run(conversationId: number, mine: Winner, take: () => Promise<readonly number[]>): Promise<Winner> {
    const attempt = take();
    const outcome = attempt.then(
      () => mine,
      () => undefined,
    );
    this.running.set(conversationId, outcome);
    try {
      this.remember(conversationId, mine, await attempt);
      return mine;
    } finally {
      if (this.running.get(conversationId) === outcome) this.running.delete(conversationId);
    }
  }

  private remember(conversationId: number, winner: Winner, offered: readonly number[]): void {
    const now = this.now();
    this.won.delete(conversationId); // re-inserted last: the map stays in the order of the wins
    this.won.set(conversationId, {
      at: ++this.moment,
      winner,
      until: now + KEEP_WON_MS,
      offered: new Set(offered),
      answersUntil: now + ANSWER_FROM_MEMORY_MS,
    });
    for (const [id, entry] of this.won) {
      if (entry.until > now) break;
      this.won.delete(id);
    }
  }
}

/** The conversation an event tells about a change of (its view or its removal), if any. */
export function conversationOf(event: StreamEvent): number | undefined {
  if (event.type === 'conversation.created' || event.type === 'conversation.updated') return event.conversation.id;
  if (event.type === 'conversation.removed') return event.conversationId;
  return undefined;
}

/**
 * Whether an event about a won chat shows it as the win left it: owned by the winner and offered to nobody (the
 * winner's view), or gone from a colleague's list because it was taken. The win's own events are such.
 */
function showsWin(event: StreamEvent, winnerId: number): boolean {
  if (event.type === 'conversation.removed') return event.reason === 'taken';
  if (event.type !== 'conversation.created' && event.type !== 'conversation.updated') return true;
  const { state, owner, myRole } = event.conversation;
  return state === 'owned' && owner?.id === winnerId && myRole !== 'offered';
}
