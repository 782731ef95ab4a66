import type { DocAudience, DocTier } from '../../providers/index.js';

/** A chunk as the answer side sees it. */
export interface Passage {
  id: string;
  documentId: string;
  title: string;
  headingPath: string;
  text: string;
  topics: string[];
  audience: DocAudience;
  tier: DocTier;
  url?: string;
  /** For web results: the site the page comes from. */
  site?: string;
}

/** A passage with the evidence gathered about it for one question. */
export interface Candidate extends Passage {
  /** Reciprocal-rank fusion score, profile boost included: the ranking key. */
  score: number;
  /** IDF-weighted BM25F over title, headings, topics and text. */
  bm25: number;
  /** Share of the question's ideas (IDF-weighted) found in the passage, 0–1. */
  coverage: number;
  /** The same, counting only the section heading (not the page title). */
  headingCoverage: number;
  /** Cosine similarity with the question embedding, when the vector index returned it. */
  cosine?: number;
  /** PostgreSQL ts_rank_cd, when full text search returned it. */
  tsRank?: number;
  /** The passage matches the asker's profile (e.g. an alternance page for someone looking for one). */
  profileMatch: boolean;
}

export const AUDIENCES_FOR: Record<'youth' | 'mentor', readonly DocAudience[]> = {
  // A youth never sees a mentor-only document, whatever the ranking says.
  youth: ['youth', 'all'],
  mentor: ['mentor', 'all'],
};
