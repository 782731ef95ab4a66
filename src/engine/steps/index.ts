import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';
import { contentStep } from './content.js';
import { dedupeStep } from './dedupe.js';
import { identifyStep } from './identify.js';
import { questionStep } from './question.js';

/**
 * The order of the steps is the policy of a turn: dedupe, identify, safety screen and
 * redaction, access/commands/takeover, content checks, question. Steps decide and may read;
 * the turn's writes (inbound row, replies, state) happen once, at the end, in `Engine`. Extra steps slot in at the named positions.
 */
export interface StepExtensions {
  /** Safety screen and redaction: before anything else reads the text. */
  screen?: Step<Turn>[];
  /** Access (suspension, consent), commands, human takeover. */
  charter?: Step<Turn>[];
  beforeQuestion?: Step<Turn>[];
}

export function buildSteps(deps: EngineDeps, ext: StepExtensions = {}): Step<Turn>[] {
  return [
    dedupeStep(deps),
    identifyStep(deps),
    ...(ext.screen ?? []),
    ...(ext.charter ?? []),
    contentStep(deps),
    ...(ext.beforeQuestion ?? []),
    questionStep(),
  ];
}
