import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';

/** The last step: whatever reached it is a question for the answer worker. */
export function questionStep(): Step<Turn> {
  return {
    name: 'question',
    async run(turn) {
      turn.intent ??= 'question';
      turn.enqueueAnswer = true;
    },
  };
}
