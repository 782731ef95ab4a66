import { distance } from 'fastest-levenshtein';
import type { Sql } from '../../db/client.js';
import { matchStem } from '../../providers/index.js';
import { isFrenchWord } from './french-words.js';

/** Corpus statistics shared by typo correction and passage scoring. */
export interface Vocabulary {
  /** Folded word → number of chunks containing it. */
  df: Map<string, number>;
  /** Light stem → number of chunks (upper bound: sum over the stem's words). */
  stemDf: Map<string, number>;
  /** Words grouped by first letter and length, for fast typo look-ups. */
  buckets: Map<string, string[]>;
  chunkCount: number;
  /** Average passage length in characters (BM25 length normalisation). */
  avgChars: number;
}

/**
 * Builds the vocabulary in PostgreSQL with `ts_stat` over an unstemmed, accent-free
 * `simple` configuration: one pass, no text shipped to Node. Cached by corpus version.
 */
export async function loadVocabulary(sql: Sql): Promise<Vocabulary> {
  const [stats] = await sql<{ n: number; avg: number | null }[]>`
    select count(*)::int as n, avg(length(text))::float8 as avg from chunks`;
  const rows = await sql<{ word: string; ndoc: number }[]>`
    select word, ndoc from ts_stat($$select to_tsvector('simple', unaccent(title || ' ' || heading_path || ' ' || text)) from chunks$$)`;
  return buildVocabulary(
    rows.map((r) => [r.word, r.ndoc]),
    stats?.n ?? 0,
    stats?.avg ?? 600,
  );
}

export function buildVocabulary(entries: Iterable<[string, number]>, chunkCount: number, avgChars: number): Vocabulary {
  const df = new Map<string, number>();
  const stemDf = new Map<string, number>();
  const buckets = new Map<string, string[]>();
  for (const [word, n] of entries) {
    if (!/^[a-z][a-z0-9]*$/.test(word)) continue;
    df.set(word, n);
    const stem = matchStem(word);
    stemDf.set(stem, Math.min(chunkCount, (stemDf.get(stem) ?? 0) + n));
    if (word.length >= 3) {
      const key = `${word[0]}${word.length}`;
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = []));
      bucket.push(word);
    }
  }
  return { df, stemDf, buckets, chunkCount, avgChars };
}

/**
 * The corpus word closest to a misspelt one, or undefined. Conservative on purpose: only
 * words that are neither in the corpus nor in a French word list, same first letter, 1 edit
 * up to 7 letters and 2 beyond, never short words — a wrong "correction" would make an
 * off-topic question look answerable.
 */
export function correctTypo(word: string, vocabulary: Vocabulary): string | undefined {
  if (word.length < 4 || vocabulary.df.has(word) || /[0-9]/.test(word) || isFrenchWord(word)) return undefined;
  const maxEdits = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = maxEdits + 1;
  let bestDf = 0;
  for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
    for (const candidate of vocabulary.buckets.get(`${word[0]}${len}`) ?? []) {
      const d = distance(word, candidate);
      if (d > maxEdits) continue;
      const n = vocabulary.df.get(candidate) ?? 0;
      if (d < bestDistance || (d === bestDistance && n > bestDf)) {
        best = candidate;
        bestDistance = d;
        bestDf = n;
      }
    }
  }
  return best;
}

/** Inverse document frequency of a stem (BM25 form, floored at a small positive value). */
export function idf(vocabulary: Vocabulary, stem: string): number {
  const n = vocabulary.chunkCount;
  const df = vocabulary.stemDf.get(stem) ?? 0;
  return Math.max(0.05, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
}
