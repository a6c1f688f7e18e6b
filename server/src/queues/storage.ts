import { accountStorage } from '../channels/accounts/storage.js';
import type { Destination, Queue, QueueInput, QueueRef, StrategyName } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { likeContains } from '../db/dialect.js';

type QueueRow = {
  id: number;
  number: string;
  name: string;
  strategy: string;
  ring_time_s: number;
  max_wait_s: number;
  no_agents_destination: string;
  timeout_destination: string;
};

function toRow(input: QueueInput) {
  return {
    number: input.number,
    name: input.name,
    strategy: input.strategy,
    ring_time_s: input.ringTimeSeconds,
    max_wait_s: input.maxWaitSeconds,
    no_agents_destination: JSON.stringify(input.noAgentsDestination),
    timeout_destination: JSON.stringify(input.timeoutDestination),
  };
}

function pointsAt(destination: string, queueId: number): boolean {
  const parsed = JSON.parse(destination) as Destination;
  return parsed.type === 'queue' && parsed.queueId === queueId;
}

export const queuesStorage = {
  async list(db: Db, onlyId?: number): Promise<Queue[]> {
    let query = db.selectFrom('queues').selectAll().orderBy('number');
    if (onlyId !== undefined) query = query.where('id', '=', onlyId);
    const rows = (await query.execute()) as QueueRow[];
    const ids = rows.length ? rows.map((r) => r.id) : [0];
    const agents = await db.selectFrom('queue_agents').select(['queue_id', 'user_id']).where('queue_id', 'in', ids).orderBy('position').execute();
    const managers = await db.selectFrom('queue_managers').select(['queue_id', 'user_id']).where('queue_id', 'in', ids).orderBy('user_id').execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      strategy: r.strategy as StrategyName,
      ringTimeSeconds: r.ring_time_s,
      maxWaitSeconds: r.max_wait_s,
      noAgentsDestination: JSON.parse(r.no_agents_destination) as Destination,
      timeoutDestination: JSON.parse(r.timeout_destination) as Destination,
      agentIds: agents.filter((a) => a.queue_id === r.id).map((a) => a.user_id),
      managerIds: managers.filter((m) => m.queue_id === r.id).map((m) => m.user_id),
    }));
  },

  async get(db: Db, id: number): Promise<Queue | undefined> {
    return (await queuesStorage.list(db, id))[0];
  },

  insert: (db: Db, input: QueueInput) => db.insertInto('queues').values(toRow(input)).returning('id').executeTakeFirstOrThrow(),

  update: (db: Db, id: number, input: QueueInput) => db.updateTable('queues').set(toRow(input)).where('id', '=', id).executeTakeFirst(),

  /** Replaces the agent order and managers, keeping each remaining agent's login state. */
  async replaceMembers(db: Db, queueId: number, agentIds: number[], managerIds: number[]): Promise<void> {
    const loggedIn = new Set(
      (await db.selectFrom('queue_agents').select('user_id').where('queue_id', '=', queueId).where('logged_in', '=', 1).execute()).map((r) => r.user_id),
    );
    await db.deleteFrom('queue_agents').where('queue_id', '=', queueId).execute();
    await db.deleteFrom('queue_managers').where('queue_id', '=', queueId).execute();
    if (agentIds.length) {
      await db
        .insertInto('queue_agents')
        .values(agentIds.map((user_id, position) => ({ queue_id: queueId, user_id, position, logged_in: Number(loggedIn.has(user_id)) })))
        .execute();
    }
    if (managerIds.length) {
      await db
        .insertInto('queue_managers')
        .values(managerIds.map((user_id) => ({ queue_id: queueId, user_id })))
        .execute();
    }
  },

  /** What still sends chats to this queue: widgets targeting it, other queues naming it as a destination. */
  async usedBy(db: Db, queueId: number): Promise<{ widgets: string[]; queues: string[] }> {
    const widgets = await accountStorage.namesTargetingQueue(db, queueId);
    // Destinations are JSON text; the queue table is small, so they are read and compared here rather than in SQL.
    const queues = (
      await db.selectFrom('queues').select(['name', 'no_agents_destination', 'timeout_destination']).where('id', '!=', queueId).orderBy('name').execute()
    ).filter((q) => [q.no_agents_destination, q.timeout_destination].some((d) => pointsAt(d, queueId)));
    return { widgets, queues: queues.map((q) => q.name) };
  },

  remove: (db: Db, id: number) => db.deleteFrom('queues').where('id', '=', id).executeTakeFirst(),

  openChatCount: async (db: Db, queueId: number) => {
    const row = await db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('queue_id', '=', queueId)
      .where('state', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  search: async (db: Db, text: string | undefined): Promise<QueueRef[]> => {
    let query = db.selectFrom('queues').select(['id', 'number', 'name']).orderBy('number').limit(50);
    if (text) {
      query = query.where((eb) => eb.or([likeContains(eb.fn('lower', ['name']), text.toLowerCase()), likeContains('number', text)]));
    }
    return query.execute();
  },

  /** The queues a user is an agent or a manager of, with login state and how many chats wait. */
  mine: (db: Db, userId: number) =>
    db
      .selectFrom('queues')
      .leftJoin('queue_agents as a', (j) => j.onRef('a.queue_id', '=', 'queues.id').on('a.user_id', '=', userId))
      .leftJoin('queue_managers as m', (j) => j.onRef('m.queue_id', '=', 'queues.id').on('m.user_id', '=', userId))
      .select((eb) => [
        'queues.id',
        'queues.number',
        'queues.name',
        'a.user_id as agent',
        'a.logged_in',
        'm.user_id as manager',
        eb
          .selectFrom('conversations')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('conversations.queue_id', '=', 'queues.id')
          .where('conversations.state', '=', 'queued')
          .as('waiting'),
      ])
      .where((eb) => eb.or([eb('a.user_id', 'is not', null), eb('m.user_id', 'is not', null)]))
      .orderBy('queues.number')
      .execute(),

  setLogin: (db: Db, queueId: number, userId: number, loggedIn: boolean) =>
    db
      .updateTable('queue_agents')
      .set({ logged_in: Number(loggedIn) })
      .where('queue_id', '=', queueId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),

  waitingIds: async (db: Db, queueId: number) =>
    (await db.selectFrom('conversations').select('id').where('queue_id', '=', queueId).where('state', '=', 'queued').orderBy('waiting_since').execute()).map(
      (r) => r.id,
    ),

  queueExists: async (db: Db, id: number) => (await db.selectFrom('queues').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

  numberTaken: async (db: Db, number: string, exceptId = 0) => {
    const [queue, user] = await Promise.all([
      db.selectFrom('queues').select('id').where('number', '=', number).where('id', '!=', exceptId).executeTakeFirst(),
      db.selectFrom('users').select('id').where('extension', '=', number).executeTakeFirst(),
    ]);
    return queue !== undefined || user !== undefined;
  },
};
