import type { Config } from '../config/index.js';
import { runMigrations } from '../db/migrate.js';
import type { Channel } from '../engine/messages.js';
import type { Logger } from '../log.js';
import type { ChannelAdapter, SealedOutbound } from '../outbox/sealed.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './index.js';

export interface MaiaOptions {
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  log?: Logger;
  onSent?: (message: SealedOutbound) => void;
  /** Start the BullMQ workers in this process (ROLE worker|all). */
  workers: boolean;
  workerOptions?: RuntimeOptions['workerOptions'];
  /** Skip migrations (already applied by the caller). */
  skipMigrations?: boolean;
}

/**
 * The production composition: every charter step, the real answerer, maintenance tasks.
 * The server, the CLI and the tests all build MAIA through here, so none can skip a rule.
 */
export async function startMaia(config: Config, opts: MaiaOptions): Promise<Runtime> {
  if (!opts.skipMigrations) await runMigrations(config.DATABASE_URL);
  const runtime = await createRuntime({
    config,
    log: opts.log,
    adapters: opts.adapters,
    onSent: opts.onSent,
    workerOptions: opts.workerOptions,
  });
  if (opts.workers) await runtime.startWorkers();
  return runtime;
}
