import { engineCopy } from './engine.js';

/** The French copy deck: every sentence a person reads lives under `src/copy/`. */
export const copy = {
  engine: engineCopy,
} as const;
