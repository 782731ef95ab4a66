import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Db, Sql } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Sealer } from '../privacy/crypto.js';
import type { Queues } from '../queue/queues.js';
import type { IngressBatch } from './ingress-batch.js';
import type { Inbox } from './inbox.js';

/** What the engine and its steps share. Built once per process by `runtime/`. */
export interface EngineDeps {
  config: Config;
  db: Db;
  /** The postgres.js client under `db`, for the few hot-path statements worth preparing by hand. */
  sql: Sql;
  redis: Redis;
  queues: Queues;
  outbox: Outbox;
  sealer: Sealer;
  pseudo: (value: string) => string;
  log: Logger;
  /** Batched lookups, inserts and enqueues of the hot path (see `ingress-batch.ts`). */
  ingress: IngressBatch;
  /** Where channels hand messages over (persist, then a turn job). */
  inbox: Inbox;
}
