import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Sealer } from '../privacy/crypto.js';

/**
 * The facts of a summary, as an optional narrator (an LLM, later) receives them: counts, topic
 * labels, milestone kinds and dates. No name, no message text and no mentor note — the
 * narrator is a technical provider and gets only what it needs (charter: minimisation).
 */
export interface SummaryFacts {
  periodDays: number;
  /** Messages the youth sent to Mentor IA over the period. */
  messages: number;
  /** Questions Mentor IA answered (answer traces). */
  questions: number;
  topics: { label: string; count: number }[];
  milestones: { label: string; date: string }[];
  escalations: { label: string; state: string }[];
  /** Answers the youth flagged as wrong or unsuitable. */
  feedback: number;
  firstMeetingDone: boolean;
  /** Days since the last sign of life (message or meeting), null when none. */
  daysSinceLastContact: number | null;
}

/** Turns summary facts into a short French paragraph. Optional; its failure never blocks a summary. */
export type Narrator = (facts: SummaryFacts) => Promise<string>;

/** What Super Mentor's features need; `EngineDeps` satisfies it. */
export interface MentorDeps {
  db: Db;
  config: Pick<Config, 'ALLOWED_PROFILE_FIELDS' | 'SILENT_DAYS' | 'LLM_TIMEOUT_MS'>;
  sealer: Sealer;
  /** Pseudonymous id of a value, for the journal (`pseudo('person:' + id)`). */
  pseudo: (value: string) => string;
  log: Logger;
  /** Writes the summary's « En bref » paragraph when given; without it the summary is structured only. */
  narrate?: Narrator;
  /** The clock (tests). */
  now?: () => Date;
}

export const nowOf = (deps: MentorDeps): Date => deps.now?.() ?? new Date();
