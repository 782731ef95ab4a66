import type { Sql } from '../../db/client.js';
import type { DocTier, EmbeddingProvider, VectorIndex } from '../../providers/index.js';
import { matchStem, tokenize, VersionedCache } from '../../providers/index.js';
import { type AnalysedQuery, embeddingQuery } from '../query.js';
import { fetchPassages, lexicalSearch } from './lexical.js';
import { AUDIENCES_FOR, type Candidate, type Passage } from './passage.js';
import { PassageScorer } from './scoring.js';
import { loadVocabulary, type Vocabulary } from './vocabulary.js';

export interface RetrieverDeps {
  sql: Sql;
  embeddings: EmbeddingProvider;
  vectors: VectorIndex;
}

export interface RetrieveOptions {
  tier: DocTier;
  audience: 'youth' | 'mentor';
  /** Stems describing what the asker looks for (profile), boosting matching passages. */
  profileStems?: ReadonlySet<string>;
  /** Candidates returned, best first. Default 8. */
  limit?: number;
}

export interface Retrieval {
  candidates: Candidate[];
  latency: Record<string, number>;
}

// Fusion: ranks, not raw scores, are combined (BM25, cosine and ts_rank live on different
// scales). k = 10 rather than the textbook 60 because lists are short and the head matters.
const RRF_K = 10;
const SIGNAL_WEIGHTS = { bm25: 1, vector: 0.8, fullText: 0.5 };
// A passage that fits the asker's profile gets a nudge, not a win: relevance comes first.
const PROFILE_BOOST = 1.15;
const LEXICAL_POOL = 40;
const VECTOR_POOL = 30;

/**
 * Hybrid retrieval for one tier: PostgreSQL full text and the vector index run in
 * parallel, their candidates are scored in Node (BM25F + coverage) and fused by reciprocal
 * rank; the profile boost is applied last. Audience filtering happens inside each search.
 */
export class HybridRetriever {
  private readonly scorer = new PassageScorer();
  private readonly vocabulary: VersionedCache<Vocabulary>;

  constructor(private readonly deps: RetrieverDeps) {
    this.vocabulary = new VersionedCache(deps.sql, () => loadVocabulary(deps.sql));
  }

  /** Corpus statistics (typo correction needs them before retrieval). */
  vocabularyNow(): Promise<Vocabulary> {
    return this.vocabulary.get();
  }

  async retrieve(query: AnalysedQuery, options: RetrieveOptions): Promise<Retrieval> {
    const latency: Record<string, number> = {};
    const audiences = AUDIENCES_FOR[options.audience];
    const filter = { tier: options.tier, audiences };
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        latency[name] = round(performance.now() - t);
      }
    };

    const [vocabulary, lexical, vector] = await Promise.all([
      this.vocabulary.get(),
      timed('lexical', () => lexicalSearch(this.deps.sql, query.terms, { ...filter, limit: LEXICAL_POOL })),
      timed('vector', async () => {
        const [embedding] = await this.deps.embeddings.embed([embeddingQuery(query)], 'query');
        return this.deps.vectors.query({ vector: embedding!, topK: VECTOR_POOL, audiences, tier: options.tier });
      }),
    ]);

    const pool = new Map<string, Passage & { tsRank?: number }>(lexical.map((p) => [p.id, p]));
    const missing = vector.map((m) => m.id).filter((id) => !pool.has(id));
    if (missing.length) {
      for (const p of await timed('fetch', () => fetchPassages(this.deps.sql, missing, filter))) pool.set(p.id, p);
    }

    const t = performance.now();
    const cosine = new Map(vector.map((m) => [m.id, m.score]));
    const scored = [...pool.values()].map((p): Candidate => {
      const { bm25, coverage } = this.scorer.score(query, p, vocabulary);
      return { ...p, bm25, coverage, cosine: cosine.get(p.id), score: 0, profileMatch: false };
    });
    fuse(scored, vector.map((m) => m.id));
    if (options.profileStems?.size) {
      for (const c of scored) {
        c.profileMatch = matchesProfile(c, options.profileStems);
        if (c.profileMatch) c.score *= PROFILE_BOOST;
      }
    }
    scored.sort((a, b) => b.score - a.score);
    latency.score = round(performance.now() - t);
    return { candidates: scored.slice(0, options.limit ?? 8), latency };
  }
}

function fuse(candidates: Candidate[], vectorOrder: string[]): void {
  const add = (ordered: Candidate[], weight: number) => ordered.forEach((c, i) => (c.score += weight / (RRF_K + i + 1)));
  add(
    candidates.filter((c) => c.bm25 > 0).sort((a, b) => b.bm25 - a.bm25),
    SIGNAL_WEIGHTS.bm25,
  );
  add(
    candidates.filter((c) => c.tsRank !== undefined).sort((a, b) => b.tsRank! - a.tsRank!),
    SIGNAL_WEIGHTS.fullText,
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  add(
    vectorOrder.map((id) => byId.get(id)).filter((c): c is Candidate => c !== undefined),
    SIGNAL_WEIGHTS.vector,
  );
}

function matchesProfile(passage: Passage, stems: ReadonlySet<string>): boolean {
  for (const token of tokenize(`${passage.topics.join(' ')} ${passage.title} ${passage.headingPath}`)) {
    if (stems.has(matchStem(token))) return true;
  }
  return false;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
