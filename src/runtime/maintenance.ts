import type { Job } from 'bullmq';
import type { EngineDeps } from '../engine/deps.js';
import { sweepQuestions } from '../engine/answer-job.js';
import type { MaintenanceJob, Queues } from '../queue/queues.js';

/** A periodic task run by the maintenance worker through a BullMQ job scheduler. */
export interface MaintenanceTask {
  name: string;
  /** Every N ms, or a cron pattern. */
  every?: number;
  pattern?: string;
  run(deps: EngineDeps): Promise<Record<string, unknown> | void>;
}

// The outbox sweeper repairs a crash between commit and enqueue; 30 s is well within
// what a youth would notice and cheap (one indexed query).
export const outboxSweep: MaintenanceTask = {
  name: 'outbox-sweep',
  every: 30_000,
  async run(deps) {
    return { requeued: await deps.outbox.sweep() };
  },
};

// Same for questions: stored, but whose answer job never made it to the queue.
export const questionSweep: MaintenanceTask = {
  name: 'question-sweep',
  every: 30_000,
  async run(deps) {
    return { requeued: await sweepQuestions(deps) };
  },
};

// Same for the inbox: a message accepted but whose turn was never queued.
export const inboxSweep: MaintenanceTask = {
  name: 'inbox-sweep',
  every: 30_000,
  async run(deps) {
    return { requeued: await deps.inbox.sweep() };
  },
};

/** The repairs every worker process schedules. */
const BUILT_IN = [outboxSweep, questionSweep, inboxSweep];

export function createMaintenanceProcessor(deps: EngineDeps, tasks: MaintenanceTask[]) {
  const all = [...BUILT_IN, ...tasks];
  return async (job: Job<MaintenanceJob>) => {
    const task = all.find((t) => t.name === job.data.task);
    if (!task) return { skipped: true };
    const report = await task.run(deps);
    deps.log.info({ task: task.name, ...(report ?? {}) }, 'maintenance task done');
    return report ?? {};
  };
}

export async function scheduleMaintenance(queues: Queues, tasks: MaintenanceTask[]): Promise<void> {
  for (const task of [...BUILT_IN, ...tasks]) {
    await queues.maintenance.upsertJobScheduler(
      task.name,
      task.pattern ? { pattern: task.pattern, tz: 'Europe/Paris' } : { every: task.every ?? 60_000 },
      { name: task.name, data: { task: task.name } },
    );
  }
}
