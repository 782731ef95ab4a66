import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';
import { contentStep } from './content.js';
import { dedupeStep } from './dedupe.js';
import { identifyStep } from './identify.js';
import { persistStep } from './persist.js';
import { questionStep } from './question.js';

/**
 * The order of the steps is the policy of a turn: dedupe, identify, (safety screen and
 * redaction happen before anything is stored), persist, (access, commands, human takeover),
 * content checks, question. Extra steps slot in at the named positions.
 */
export interface StepExtensions {
  beforePersist?: Step<Turn>[];
  afterPersist?: Step<Turn>[];
  beforeQuestion?: Step<Turn>[];
}

export function buildSteps(deps: EngineDeps, ext: StepExtensions = {}): Step<Turn>[] {
  return [
    dedupeStep(deps),
    identifyStep(deps),
    ...(ext.beforePersist ?? []),
    persistStep(deps),
    ...(ext.afterPersist ?? []),
    contentStep(deps),
    ...(ext.beforeQuestion ?? []),
    questionStep(),
  ];
}
