import type { Candidate } from './retrieval/passage.js';

/**
 * When is a passage good enough to answer from? Calibrated on `test/eval/questions.jsonl`
 * with round numbers and margins on both sides, not fitted to individual questions:
 * - coverage: the share of the question's ideas (IDF-weighted words) the passage contains.
 *   Below ~half, the passage talks about something else that shares a few words;
 * - a minimum BM25 so that one common word ("travail") covering a two-word question is
 *   not enough.
 * Public sources get a slightly higher bar: they are not written for NQT's audience.
 */
export interface EvidencePolicy {
  internal: { minCoverage: number; minBm25: number };
  public: { minCoverage: number; minBm25: number };
}

export const DEFAULT_EVIDENCE: EvidencePolicy = {
  internal: { minCoverage: 0.5, minBm25: 2 },
  public: { minCoverage: 0.6, minBm25: 2.5 },
};

export function hasEvidence(top: Candidate | undefined, tier: 'internal' | 'public', policy: EvidencePolicy = DEFAULT_EVIDENCE): boolean {
  if (!top) return false;
  const bar = policy[tier];
  return top.coverage >= bar.minCoverage && top.bm25 >= bar.minBm25;
}

// Internal pages that say "the precise rules are in public sources" hand over on purpose.
const DEFERRAL = /sources publiques|service-public\.fr|organisme concerné|Mentor IA peut te les indiquer|règles légales précises/i;

/** True when the internal passage itself points to public sources for the details. */
export function defersToPublic(passage: Candidate): boolean {
  return DEFERRAL.test(passage.text);
}
