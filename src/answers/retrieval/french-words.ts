import { createRequire } from 'node:module';
import { foldText } from '../../providers/index.js';

let words: Set<string> | undefined;

/**
 * True when the word is French (any inflection), accents folded. Backed by the
 * `an-array-of-french-words` list (~336k forms, MIT), loaded on first use (~150 ms, ~25 MB):
 * the typo pass must never "correct" a real word the corpus happens not to contain
 * ("censé" is not a misspelling of "cessé").
 */
export function isFrenchWord(word: string): boolean {
  if (!words) {
    const list = createRequire(import.meta.url)('an-array-of-french-words') as string[];
    words = new Set(list.map((w) => foldText(w)));
  }
  return words.has(word);
}
