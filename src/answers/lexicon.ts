import { readFileSync } from 'node:fs';
import { foldText, tokenize } from '../providers/index.js';
// Imported (not read from disk at a path) so `tsc` copies it next to the compiled code.
import bundled from './lexicon.fr.json' with { type: 'json' };

export interface Lexicon {
  /** One word → its replacement words (SMS spelling, frequent misspellings). */
  sms: Map<string, string[]>;
  /** Word sequences rewritten before anything else ("qui marche" → "qui fonctionne": not a market). */
  phrases: { from: string[]; to: string[] }[];
  /** Token sequences → words from the knowledge base to add, with their weight. Longest patterns first. */
  expansions: { match: string[]; add: string[]; weight: number }[];
  /** Words never "corrected" as typos (short acronyms, names). */
  keep: Set<string>;
}

interface LexiconFile {
  sms: Record<string, string>;
  phrases?: Record<string, string>;
  expansions: { match: string[]; add: string[]; weight?: number }[];
  keep: string[];
}

// An expansion is a guess about meaning: it must not outweigh the words actually written.
const DEFAULT_EXPANSION_WEIGHT = 0.6;

/**
 * Loads a colloquial lexicon file (the bundled one is `lexicon.fr.json`). It is data, not code, so the
 * programme team can add a word youths use without a developer; entries are folded like
 * queries (no accents, lower case), so "pôle emploi" and "pole emploi" are one entry.
 */
export function loadLexicon(path: string): Lexicon {
  return compileLexicon(JSON.parse(readFileSync(path, 'utf8')) as LexiconFile);
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
  const phrases = Object.entries(file.phrases ?? {})
    .map(([from, to]) => ({ from: splitWords(from), to: splitWords(to) }))
    .sort((a, b) => b.from.length - a.from.length);
  return { sms, phrases, expansions, keep: new Set((file.keep ?? []).map((k) => foldText(k))) };
}

/** Keeps elided words whole ("c'est") for the SMS map; tokenisation happens after. */
function splitWords(text: string): string[] {
  return foldText(text).split(/\s+/).filter(Boolean);
}

let shared: Lexicon | undefined;
/** The bundled lexicon (`lexicon.fr.json`), compiled once. */
export function defaultLexicon(): Lexicon {
  shared ??= compileLexicon(bundled as LexiconFile);
  return shared;
}
