import type { WidgetTarget } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { AgentState } from './strategies/index.js';

const DAY = 24 * 60 * 60 * 1000;

const queueById = prepared((db: Db, id: number) => db.selectFrom('queues').selectAll().where('id', '=', id));

const loggedInOf = prepared((db: Db, queueId: number) =>
  db
    .selectFrom('queue_agents')
    .innerJoin('users', 'users.id', 'queue_agents.user_id')
    .select(['users.id', 'users.status', 'queue_agents.position'])
    .where('queue_agents.queue_id', '=', queueId)
    .where('queue_agents.logged_in', '=', 1)
    .where('users.disabled', '=', 0)
    .orderBy('queue_agents.position'),
);

/** What routing reads (queues, their agents and today's figures, waiting chats); the conversation itself is `conversations/`'. */
export const routingStorage = {
  /**
   * Logged-in agents of the queue who are not disabled, in queue order, with today's figures when `figures` is
   * set (zero otherwise: reading them costs a scan of the agents' sessions today, which most strategies never look at).
   */
  async loggedInAgents(db: Db, queueId: number, now: number, figures: boolean) {
    const dayStart = Math.floor(now / DAY) * DAY;
    const rows = await loggedInOf(db, queueId);
    if (rows.length === 0 || !figures)
      return rows.map((r) => ({ userId: r.id, position: r.position, idleSince: 0, answeredToday: 0, talkTimeToday: 0, status: r.status }));
    const sessions = await db
      .selectFrom('chat_sessions')
      .select(['taken_by', 'taken_at', 'closed_at'])
      .where(
        'taken_by',
        'in',
        rows.map((r) => r.id),
      )
      .where((eb) => eb.or([eb('taken_at', '>=', dayStart), eb('closed_at', 'is', null), eb('closed_at', '>=', dayStart)]))
      .execute();
    return rows.map((r) => {
      const mine = sessions.filter((s) => s.taken_by === r.id && s.taken_at !== null);
      const today = mine.filter((s) => s.taken_at! >= dayStart);
      const state: AgentState = {
        userId: r.id,
        position: r.position,
        idleSince: Math.max(0, ...mine.map((s) => s.closed_at ?? s.taken_at!)),
        answeredToday: today.length,
        talkTimeToday: today.reduce((sum, s) => sum + ((s.closed_at ?? now) - s.taken_at!), 0),
      };
      return { ...state, status: r.status };
    });
  },

  queue: async (db: Db, id: number) => (await queueById(db, id))[0],

  positionOf: async (db: Db, queueId: number, userId: number | null) =>
    userId === null
      ? null
      : ((await db.selectFrom('queue_agents').select('position').where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst())?.position ??
        null),

  /**
   * Who took a chat of the queue last, as SQL text (db/at-end.ts `atEndStatement`; ids are our own integers).
   * Writes (and so locks the queue's row) only when it changes: every take of a queue's chats comes here.
   */
  setLastTakenByStatement: (queueId: number, userId: number) => {
    const [queue, user] = [Math.trunc(queueId), Math.trunc(userId)];
    return `update queues set last_taken_by = ${user} where id = ${queue} and (last_taken_by is null or last_taken_by != ${user})`;
  },

  dueIds: async (db: Db, now: number) =>
    (
      await db
        .selectFrom('conversations')
        .select('id')
        .where('state', '=', 'queued')
        .where('next_route_at', '<=', now)
        .orderBy('next_route_at')
        .limit(500)
        .execute()
    ).map((r) => r.id),

  queuedInQueuesOf: async (db: Db, userId: number) =>
    (
      await db
        .selectFrom('conversations')
        .innerJoin('queue_agents', 'queue_agents.queue_id', 'conversations.queue_id')
        .select('conversations.id')
        .where('queue_agents.user_id', '=', userId)
        .where('queue_agents.logged_in', '=', 1)
        .where('conversations.state', '=', 'queued')
        .execute()
    ).map((r) => r.id),

  queuedIn: async (db: Db, queueId: number) =>
    (await db.selectFrom('conversations').select('id').where('queue_id', '=', queueId).where('state', '=', 'queued').execute()).map((r) => r.id),

  activeUser: (db: Db, id: number) => db.selectFrom('users').select(['id', 'name']).where('id', '=', id).where('disabled', '=', 0).executeTakeFirst(),

  /** Whether the place a widget's or an account's chats go is there: the queue, or the colleague (not disabled). */
  targetExists: async (db: Db, target: WidgetTarget) =>
    target.type === 'queue'
      ? (await routingStorage.queue(db, target.queueId)) !== undefined
      : (await routingStorage.activeUser(db, target.userId)) !== undefined,
};
