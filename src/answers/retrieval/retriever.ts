import { LRUCache } from 'lru-cache';
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
  /** Retrieval sessions (`Database.search`). */
  search: Sql;
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

// Fusion of max-normalised scores (CombSUM). Measured on the eval set against reciprocal-
// rank fusion of the same signals: RRF loses the size of the gaps (a passage far ahead on
// BM25 ties with one barely ahead) and scored 3–5 points lower at hit@1 for every k tried.
const FUSION = { bm25: 1, cosine: 0.7, coverage: 0.4, heading: 0.3 };
// A document with several relevant sections is more likely the right one than a stray
// paragraph: each chunk gets a share of its document's next-best chunk.
const SIBLING_SHARE = 0.3;
// A passage that fits the asker's profile gets a nudge, not a win: relevance comes first.
const PROFILE_BOOST = 1.1;
const LEXICAL_POOL = 30;
const VECTOR_POOL = 20;
// Passages already read, by id, for the current corpus version: the vector hits full text did
// not return are mostly the same few popular passages, read once instead of once per question.
const PASSAGE_CACHE = 2000;

/**
 * Hybrid retrieval for one tier: PostgreSQL full text and the vector index run in
 * parallel, their candidates are scored in Node (BM25F with IDF, coverage) and fused; the
 * profile boost is applied last. Audience filtering happens inside each search.
 */
export class HybridRetriever {
  private readonly scorer = new PassageScorer();
  private readonly vocabulary: VersionedCache<Vocabulary>;
  /** Emptied whenever the corpus changes (a new cache per corpus version). */
  private readonly passages: VersionedCache<LRUCache<string, Passage>>;

  constructor(private readonly deps: RetrieverDeps) {
    this.vocabulary = new VersionedCache(deps.sql, () => loadVocabulary(deps.sql));
    this.passages = new VersionedCache(deps.sql, async () => new LRUCache<string, Passage>({ max: PASSAGE_CACHE }));
  }

  /** Corpus statistics (typo correction needs them before retrieval). */
  vocabularyNow(): Promise<Vocabulary> {
    return this.vocabulary.get();
  }

  async retrieve(query: AnalysedQuery, options: RetrieveOptions): Promise<Retrieval> {
    const { tier, ...rest } = options;
    return (await this.retrieveTiers(query, [tier], rest))[tier]!;
  }

  /**
   * Retrieval for several tiers at once: one full-text statement and one passage fetch for
   * all of them (round trips, not rows, are the cost here), the vector searches side by side,
   * then each tier scored and fused on its own.
   */
  async retrieveTiers<T extends DocTier>(query: AnalysedQuery, tiers: readonly T[], options: Omit<RetrieveOptions, 'tier'>): Promise<Record<T, Retrieval>> {
    const latency: Record<string, number> = {};
    const audiences = AUDIENCES_FOR[options.audience];
    const timed = async <R>(name: string, work: () => Promise<R>): Promise<R> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        latency[name] = round(performance.now() - t);
      }
    };

    // The cache first: passages read after it are at least as new as its corpus version.
    const cache = await this.passages.get();
    const [vocabulary, lexical, vectors] = await Promise.all([
      this.vocabulary.get(),
      timed('lexical', async () => lexicalSearch(this.deps.search, query.terms, await this.vocabulary.get(), { tiers, audiences, limit: LEXICAL_POOL })),
      timed('vector', async () => {
        const [embedding] = await this.deps.embeddings.embed([embeddingQuery(query)], 'query');
        return Promise.all(tiers.map((tier) => this.deps.vectors.query({ vector: embedding!, topK: VECTOR_POOL, audiences, tier })));
      }),
    ]);

    const pools = new Map<T, Map<string, Passage & { tsRank?: number }>>(tiers.map((tier) => [tier, new Map()]));
    for (const p of lexical) {
      pools.get(p.tier as T)?.set(p.id, p);
      const { tsRank: _rank, ...passage } = p;
      cache.set(p.id, passage);
    }
    const missing: string[] = [];
    tiers.forEach((tier, i) => {
      for (const { id } of vectors[i]!) {
        if (pools.get(tier)!.has(id)) continue;
        const known = cache.get(id);
        if (!known) missing.push(id);
        // The same filters as the statement: a passage never reaches a tier or audience it is not for.
        else if (known.tier === tier && audiences.includes(known.audience)) pools.get(tier)!.set(id, known);
      }
    });
    if (missing.length) {
      for (const p of await timed('fetch', () => fetchPassages(this.deps.search, missing, { tiers, audiences }))) {
        cache.set(p.id, p);
        pools.get(p.tier as T)?.set(p.id, p);
      }
    }

    const out = {} as Record<T, Retrieval>;
    tiers.forEach((tier, i) => {
      const t = performance.now();
      const cosine = new Map(vectors[i]!.map((m) => [m.id, m.score]));
      const scored = [...pools.get(tier)!.values()].map((p): Candidate => {
        const { bm25, coverage, headingCoverage } = this.scorer.score(query, p, vocabulary);
        return { ...p, bm25, coverage, headingCoverage, cosine: cosine.get(p.id), score: 0, profileMatch: false };
      });
      fuse(scored);
      if (options.profileStems?.size) {
        for (const c of scored) {
          c.profileMatch = matchesProfile(c, options.profileStems);
          if (c.profileMatch) c.score *= PROFILE_BOOST;
        }
      }
      scored.sort((a, b) => b.score - a.score);
      out[tier] = { candidates: scored.slice(0, options.limit ?? 8), latency: { ...latency, score: round(performance.now() - t) } };
    });
    return out;
  }
}

function fuse(candidates: Candidate[]): void {
  const maxBm25 = Math.max(1e-9, ...candidates.map((c) => c.bm25));
  const maxCosine = Math.max(1e-9, ...candidates.map((c) => c.cosine ?? 0));
  for (const c of candidates) {
    c.score =
      FUSION.bm25 * (c.bm25 / maxBm25) +
      FUSION.cosine * (Math.max(0, c.cosine ?? 0) / maxCosine) +
      FUSION.coverage * c.coverage +
      FUSION.heading * c.headingCoverage;
  }
  const byDoc = new Map<string, number[]>();
  for (const c of candidates) byDoc.set(c.documentId, [...(byDoc.get(c.documentId) ?? []), c.score]);
  for (const c of candidates) {
    const others = byDoc.get(c.documentId)!.filter((s) => s !== c.score);
    if (others.length) c.score += SIBLING_SHARE * Math.max(...others);
  }
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
