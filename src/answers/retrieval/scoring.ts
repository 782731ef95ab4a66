import { matchStem, tokenize } from '../../providers/index.js';
import type { AnalysedQuery, QueryTerm } from '../query.js';
import type { Passage } from './passage.js';
import { idf, type Vocabulary } from './vocabulary.js';

interface FieldStems {
  text: string;
  title: Map<string, number>;
  heading: Map<string, number>;
  topics: Map<string, number>;
  body: Map<string, number>;
  chars: number;
}

// BM25F field weights: the document title and section heading name the topic; curated
// topics are keywords chosen by the team; the body is where most words are, and noise too.
const FIELD_WEIGHTS = { title: 2, heading: 2.5, topics: 1.5, body: 1 };
const K1 = 1.2;
const B = 0.6;
const CACHE_MAX = 20_000;

/**
 * Scores passages against a question in Node: BM25F for ranking, and "coverage" — the
 * IDF-weighted share of the question's ideas present in the passage — for deciding whether
 * the passage answers at all. Full-text ranking in PostgreSQL has no IDF; this adds it.
 */
export class PassageScorer {
  private readonly cache = new Map<string, FieldStems>();

  score(query: AnalysedQuery, passage: Passage, vocabulary: Vocabulary): { bm25: number; coverage: number; headingCoverage: number } {
    const fields = this.fields(passage);
    const lengthNorm = 1 - B + (B * fields.chars) / Math.max(1, vocabulary.avgChars);
    const matched = new Set<string>();
    const inHeading = new Set<string>();
    let bm25 = 0;
    for (const term of query.terms) {
      const tf =
        FIELD_WEIGHTS.title * (fields.title.get(term.stem) ?? 0) +
        FIELD_WEIGHTS.heading * (fields.heading.get(term.stem) ?? 0) +
        FIELD_WEIGHTS.topics * (fields.topics.get(term.stem) ?? 0) +
        FIELD_WEIGHTS.body * (fields.body.get(term.stem) ?? 0);
      if (tf === 0) continue;
      matched.add(term.stem);
      if (fields.heading.has(term.stem)) inHeading.add(term.stem);
      bm25 += term.weight * idf(vocabulary, term.stem) * ((tf * (K1 + 1)) / (tf + K1 * lengthNorm));
    }
    // The section heading is what tells two chunks of the same page apart ("Se préparer avant
    // l'entretien" vs "Après l'entretien"): the title matches both equally.
    return { bm25, coverage: coverage(query.terms, matched, vocabulary), headingCoverage: coverage(query.terms, inHeading, vocabulary) };
  }

  private fields(passage: Passage): FieldStems {
    const cached = this.cache.get(passage.id);
    if (cached && cached.text === passage.text) return cached;
    const headingOnly = passage.headingPath.startsWith(passage.title)
      ? passage.headingPath.slice(passage.title.length)
      : passage.headingPath;
    const fields: FieldStems = {
      text: passage.text,
      title: counts(passage.title),
      heading: counts(headingOnly),
      topics: counts(passage.topics.join(' ')),
      body: counts(passage.text),
      chars: passage.text.length,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.clear(); // crude, but bounded and rare
    this.cache.set(passage.id, fields);
    return fields;
  }
}

/**
 * Share of the question's own words (IDF-weighted) found in the passage. A lexicon
 * expansion that matched counts for the words that triggered it: "taf" is covered by a
 * passage that says "emploi".
 */
export function coverage(terms: QueryTerm[], matched: Set<string>, vocabulary: Vocabulary): number {
  const covered = new Set(matched);
  for (const t of terms) if (t.source === 'lexicon' && matched.has(t.stem)) for (const f of t.from ?? []) covered.add(f);
  let total = 0;
  let hit = 0;
  for (const t of terms) {
    if (t.source === 'lexicon') continue;
    const w = t.weight * idf(vocabulary, t.stem);
    total += w;
    if (covered.has(t.stem)) hit += w;
  }
  return total === 0 ? 0 : hit / total;
}

function counts(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const token of tokenize(text)) {
    const stem = matchStem(token);
    map.set(stem, (map.get(stem) ?? 0) + 1);
  }
  return map;
}
