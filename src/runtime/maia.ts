import type { Config } from '../config/index.js';
import { runMigrations } from '../db/migrate.js';
import type { Channel } from '../engine/messages.js';
import type { Logger } from '../log.js';
import type { ChannelAdapter, SealedOutbound } from '../outbox/sealed.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './index.js';
import type { Answerer } from '../answers/answerer.js';
import { screenStep } from '../charter/steps/screen.js';
import { accessStep } from '../charter/steps/access.js';
import { commandsStep } from '../charter/steps/commands.js';
import { profileOnboardingStep } from '../charter/steps/profile-onboarding.js';
import { misuseStep } from '../charter/steps/misuse.js';
import { reviewAnswer } from '../charter/review.js';
import { profileForAi } from '../charter/profile-for-ai.js';
import { retentionTask } from '../admin/retention.js';
import { onboardingTask } from '../onboarding/sequence.js';
import { createAnswerer, type HybridAnswerer } from '../answers/index.js';
import { createProviders, type Providers } from '../providers/index.js';
import { ingestDirectory } from '../knowledge/index.js';
import type { Database } from '../db/client.js';
import { staffActionsStep } from '../escalations/staff-actions.js';
import { relayStep, takeoverStep } from '../escalations/takeover.js';
import { mentorStep } from '../mentor/index.js';
import { llmNarrator } from '../mentor/narrate-llm.js';

export interface MaiaOptions {
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  log?: Logger;
  onSent?: (message: SealedOutbound) => void;
  /** Start the BullMQ workers in this process (ROLE worker|all). */
  workers: boolean;
  workerOptions?: RuntimeOptions['workerOptions'];
  /** Bring the knowledge index up to date with KNOWLEDGE_DIR at start (default true). */
  ingest?: boolean;
  /** Replaces the production answerer (tests). */
  answerer?: Answerer;
  /** Skip migrations (already applied by the caller). */
  skipMigrations?: boolean;
}

/**
 * The production composition: every charter step, the real answerer, maintenance tasks.
 * The server, the CLI and the tests all build MAIA through here, so none can skip a rule.
 */
export async function startMaia(config: Config, opts: MaiaOptions): Promise<Runtime> {
  if (!opts.skipMigrations) await runMigrations(config.DATABASE_URL);
  let providers: Providers | undefined;
  let hybrid: HybridAnswerer | undefined;
  const answerer = (database: Database): Answerer => {
    if (opts.answerer) return opts.answerer;
    providers = createProviders(config, { sql: database.sql });
    hybrid = createAnswerer({ config, db: database, providers, log: opts.log });
    return hybrid;
  };
  const runtime = await createRuntime({
    config,
    log: opts.log,
    adapters: opts.adapters,
    onSent: opts.onSent,
    workerOptions: opts.workerOptions,
    answerer,
    steps: (deps) => ({
      screen: [screenStep(deps)],
      charter: [
        // Staff and mentors (Teams): ticket actions, relays, Super Mentor.
        staffActionsStep(deps),
        relayStep(deps),
        mentorStep(deps, { narrate: providers?.llm ? llmNarrator(providers.llm) : undefined }),
        // Youths: access (suspension, consent), rights as commands, human takeover, misuse.
        accessStep(deps),
        commandsStep(deps),
        profileOnboardingStep(deps),
        takeoverStep(deps),
        misuseStep(deps),
      ],
    }),
    review: reviewAnswer,
    profileFor: (person) => (person.role === 'youth' ? profileForAi(person.profile, config.ALLOWED_PROFILE_FIELDS) : undefined),
    maintenance: [retentionTask, onboardingTask(() => runtime.answerer)],
  });
  if (opts.ingest !== false && providers) {
    // The index follows knowledge/ (incremental: unchanged files are skipped by hash; an
    // advisory lock makes concurrent starts take turns).
    const summary = await ingestDirectory(runtime.database, config.KNOWLEDGE_DIR, { embeddings: providers.embeddings, vectors: providers.vectors, log: opts.log });
    if (summary.added + summary.updated + summary.removed > 0) runtime.log.info({ ...summary, skipped: summary.skipped.length }, 'knowledge index updated');
  }
  // Only where questions get answered: an API-only process or a one-off command skips it.
  if (opts.workers) await hybrid?.warmUp();
  if (opts.workers) await runtime.startWorkers();
  return runtime;
}
