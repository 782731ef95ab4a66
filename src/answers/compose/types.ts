import type { Audience } from '../answerer.js';
import type { AnalysedQuery } from '../query.js';
import type { Candidate } from '../retrieval/passage.js';
import type { Vocabulary } from '../retrieval/vocabulary.js';

export interface ComposeInput {
  question: string;
  query: AnalysedQuery;
  audience: Audience;
  tier: 'internal' | 'public';
  /** Best passages first (at most a handful); the composer decides which to use. */
  passages: Candidate[];
  vocabulary: Vocabulary;
  /** Set when the answer can be framed for the asker's profile (e.g. "une alternance"). */
  lookingFor?: string;
}

export interface Composition {
  text: string;
  /** Passages the text is drawn from or cites, in order: they become the sources. */
  used: Candidate[];
  composer: string;
  model?: string;
  tailored: boolean;
}

/** Result of the LLM composer: it may judge that the passages do not answer. */
export type LlmComposition = (Composition & { enough: true }) | { enough: false; model: string };
