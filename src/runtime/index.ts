import { Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { openDatabase, type Database } from '../db/client.js';
import type { Answerer } from '../answers/answerer.js';
import { MinimalAnswerer } from '../answers/minimal.js';
import { createAnswerProcessor, type AnswerJobDeps } from '../engine/answer-job.js';
import type { EngineDeps } from '../engine/deps.js';
import { Engine } from '../engine/engine.js';
import { createIngressBatch } from '../engine/ingress-batch.js';
import { Inbox } from '../engine/inbox.js';
import type { Channel } from '../engine/messages.js';
import { buildSteps, type StepExtensions } from '../engine/steps/index.js';
import { createLogger, type Logger } from '../log.js';
import { createDeliverProcessor, Delivery } from '../outbox/deliver.js';
import { Outbox } from '../outbox/outbox.js';
import type { ChannelAdapter, SealedOutbound } from '../outbox/sealed.js';
import { pseudonymizer, Sealer } from '../privacy/crypto.js';
import { closeQueues, createQueues, redisConnection, type Queues } from '../queue/queues.js';
import { createMaintenanceProcessor, scheduleMaintenance, type MaintenanceTask } from './maintenance.js';
import { createEscalationProcessor } from '../escalations/reminder.js';

export interface RuntimeOptions {
  config: Config;
  log?: Logger;
  adapters?: Partial<Record<Channel, ChannelAdapter>>;
  /** The answerer, or how to build it on this runtime's database (default: the minimal one). */
  answerer?: Answerer | ((database: Database) => Answerer);
  /** Called after each message is handed to its channel. */
  onSent?: (message: SealedOutbound) => void;
  /** BullMQ worker tuning (tests shorten stall detection). */
  workerOptions?: Pick<WorkerOptions, 'stalledInterval' | 'lockDuration' | 'maxStalledCount'>;
  steps?: (deps: EngineDeps) => StepExtensions;
  review?: AnswerJobDeps['review'];
  profileFor?: AnswerJobDeps['profileFor'];
  maintenance?: MaintenanceTask[];
}

export interface Runtime extends EngineDeps {
  database: Database;
  engine: Engine;
  /** The ingress channels hand messages to: persist, enqueue; the turn worker runs `engine`. */
  inbox: Inbox;
  answerer: Answerer;
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  workers: Worker[];
  /** Starts the BullMQ workers of this process (ROLE worker or all). */
  startWorkers(): Promise<void>;
  /**
   * Stops taking work, lets jobs in flight finish, closes connections. `discardQueues` also
   * removes this prefix's queues from Redis (a throwaway `simulate`/`chat` run).
   */
  close(opts?: { discardQueues?: boolean }): Promise<void>;
}

/** Assembles one MAIA process. Nothing here listens on a port; `http/` does that. */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  // Auto-pipelining: commands issued in the same tick share one write (the hot path's SET NX
  // and enqueue calls of concurrent turns). Worker connections keep their own, unpipelined.
  const redis: Redis = redisConnection(config.REDIS_URL, { enableAutoPipelining: true });
  const queues: Queues = createQueues(redis, config.QUEUE_PREFIX);
  const sealer = new Sealer(config.encryptionKeys);
  const outbox = new Outbox({
    db: database.db,
    deliverQueue: queues.deliver,
    sealer,
    labels: { aiDisclosure: config.AI_DISCLOSURE, humanLabel: config.HUMAN_LABEL },
    attempts: config.DELIVER_ATTEMPTS,
    leaseMs: config.DELIVER_LEASE_MS,
    lane: config.QUEUE_PREFIX,
  });
  const deps = { config, db: database.db, sql: database.sql, redis, queues, outbox, sealer, pseudo: pseudonymizer(config.pseudonymKey), log } as EngineDeps;
  deps.ingress = createIngressBatch(deps);
  const answerer = typeof opts.answerer === 'function' ? opts.answerer(database) : (opts.answerer ?? new MinimalAnswerer(config.KNOWLEDGE_DIR));
  // After the answerer: steps may use what building it set up (the LLM, for summaries).
  const engine = new Engine(deps, buildSteps(deps, opts.steps?.(deps)));
  const inbox = new Inbox(deps);
  deps.inbox = inbox;
  const adapters = opts.adapters ?? {};
  const workers: Worker[] = [];
  const workerConnections: Redis[] = [];

  const makeWorker = (name: string, processor: ConstructorParameters<typeof Worker>[1], concurrency: number) => {
    const connection = redisConnection(config.REDIS_URL);
    workerConnections.push(connection);
    const worker = new Worker(name, processor, {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency,
      autorun: false,
      ...opts.workerOptions,
    });
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    workers.push(worker);
    return worker;
  };

  let closed = false;
  return {
    ...deps,
    database,
    engine,
    inbox,
    answerer,
    adapters,
    workers,
    async startWorkers() {
      const delivery = new Delivery({ db: database.db, sealer, adapters, log, onSent: opts.onSent, leaseMs: config.DELIVER_LEASE_MS });
      const answer = createAnswerProcessor({ ...deps, answerer, review: opts.review, profileFor: opts.profileFor, delivery });
      makeWorker('turn', inbox.turnProcessor(engine, answer.inline) as never, config.TURN_CONCURRENCY);
      makeWorker('answer', answer as never, config.ANSWER_CONCURRENCY);
      makeWorker('deliver', createDeliverProcessor(delivery) as never, config.DELIVER_CONCURRENCY);
      makeWorker('escalation', createEscalationProcessor(deps) as never, 4);
      makeWorker('maintenance', createMaintenanceProcessor(deps, opts.maintenance ?? []) as never, 1);
      for (const worker of workers) void worker.run();
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      await scheduleMaintenance(queues, opts.maintenance ?? []);
    },
    async close(closeOpts = {}) {
      if (closed) return;
      closed = true;
      // Upstream workers first (they finish their jobs in flight), then let delivery drain
      // what they produced, bounded, so an answer computed during shutdown still goes out.
      const deliverWorker = workers.find((w) => w.name === 'deliver');
      const turnWorker = workers.find((w) => w.name === 'turn');
      // Turns first: they may queue answers, which the answer worker then finishes.
      await turnWorker?.close();
      await inbox.drain(); // answers the turns started, before the answer worker closes
      await Promise.all(workers.filter((w) => w !== deliverWorker && w !== turnWorker).map((w) => w.close()));
      if (deliverWorker) {
        const deadline = Date.now() + Math.min(config.SHUTDOWN_TIMEOUT_MS / 2, 10_000);
        while (Date.now() < deadline && (await queues.deliver.getWaitingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
        await deliverWorker.close();
      }
      if (closeOpts.discardQueues) for (const q of Object.values(queues)) await q.obliterate({ force: true }).catch(() => {});
      await closeQueues(queues);
      await Promise.all(workerConnections.map((c) => c.quit().catch(() => c.disconnect())));
      await redis.quit().catch(() => redis.disconnect());
      await database.close();
    },
  };
}
