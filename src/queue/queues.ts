import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

export const QUEUE_NAMES = ['turn', 'answer', 'deliver', 'escalation', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

// Job payloads carry ids only, never message text: erasure in PostgreSQL is then complete.

/** Inbox rows to run through the engine (the rows carry the sealed messages). */
export interface TurnJob {
  /** The batch label of the rows (`inbox.job`). */
  job: string;
  ids: string[];
}
export interface AnswerJob {
  inboundId: string;
  /** The inbound message that caused this answer, when not the question itself. */
  causeInboundId?: string;
}
export interface DeliverJob {
  outboundId: string;
}
export interface EscalationJob {
  escalationId: string;
  step: 'ack-timeout';
}
export interface MaintenanceJob {
  task: string;
}

export type Queues = {
  turn: Queue<TurnJob>;
  answer: Queue<AnswerJob>;
  deliver: Queue<DeliverJob>;
  escalation: Queue<EscalationJob>;
  maintenance: Queue<MaintenanceJob>;
};

// Completed jobs kept an hour for inspection, failed ones a week for the operator.
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * BullMQ needs `maxRetriesPerRequest: null` on worker connections (blocking commands);
 * queues share one connection, each worker gets its own.
 */
export function redisConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra });
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const make = <T>(name: QueueName) => new Queue<T>(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  return {
    turn: make<TurnJob>('turn'),
    answer: make<AnswerJob>('answer'),
    deliver: make<DeliverJob>('deliver'),
    escalation: make<EscalationJob>('escalation'),
    maintenance: make<MaintenanceJob>('maintenance'),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/**
 * The ids among `ids` whose job (`jobIdOf(id)`) this queue does not know: rows a crash left
 * behind between their commit and their enqueue, for the sweepers to queue again.
 */
export async function withoutJob(queue: Queue, ids: readonly string[], jobIdOf: (id: string) => string): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ids) if ((await queue.getJobState(jobIdOf(id))) === 'unknown') missing.push(id);
  return missing;
}
