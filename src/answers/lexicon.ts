import { readFileSync } from 'node:fs';
import { foldText, tokenize } from '../providers/index.js';

export interface Lexicon {
  /** One word → its replacement words (SMS spelling, frequent misspellings). */
  sms: Map<string, string[]>;
  /** Token sequences → words from the knowledge base to add, with their weight. Longest patterns first. */
  expansions: { match: string[]; add: string[]; weight: number }[];
  /** Words never "corrected" as typos (short acronyms, names). */
  keep: Set<string>;
}

interface LexiconFile {
  sms: Record<string, string>;
  expansions: { match: string[]; add: string[]; weight?: number }[];
  keep: string[];
}

// An expansion is a guess about meaning: it must not outweigh the words actually written.
const DEFAULT_EXPANSION_WEIGHT = 0.6;

/**
 * Loads the colloquial lexicon (`lexicon.fr.json` by default). It is data, not code, so the
 * programme team can add a word youths use without a developer; entries are folded like
 * queries (no accents, lower case), so "pôle emploi" and "pole emploi" are one entry.
 */
export function loadLexicon(path?: string): Lexicon {
  const file = JSON.parse(
    readFileSync(path ?? new URL('./lexicon.fr.json', import.meta.url), 'utf8'),
  ) as LexiconFile;
  return compileLexicon(file);
}

export function compileLexicon(file: LexiconFile): Lexicon {
  const sms = new Map<string, string[]>();
  for (const [from, to] of Object.entries(file.sms ?? {})) {
    sms.set(foldText(from), splitWords(to));
  }
  const expansions = (file.expansions ?? [])
    .flatMap((e) => e.match.map((m) => ({ match: tokenize(m), add: e.add.flatMap(splitWords), weight: e.weight ?? DEFAULT_EXPANSION_WEIGHT })))
    .filter((e) => e.match.length > 0)
    .sort((a, b) => b.match.length - a.match.length);
  return { sms, expansions, keep: new Set((file.keep ?? []).map((k) => foldText(k))) };
}

/** Keeps elided words whole ("c'est") for the SMS map; tokenisation happens after. */
function splitWords(text: string): string[] {
  return foldText(text).split(/\s+/).filter(Boolean);
}

let shared: Lexicon | undefined;
/** The bundled lexicon, read once. */
export function defaultLexicon(): Lexicon {
  shared ??= loadLexicon();
  return shared;
}
