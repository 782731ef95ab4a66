import { charterCopy } from './charter.js';
import { engineCopy } from './engine.js';
import { escalationCopy } from './escalations.js';

/** The French copy deck: every sentence a person reads lives under `src/copy/`. */
export const copy = {
  engine: engineCopy,
  charter: charterCopy,
  escalations: escalationCopy,
} as const;
