import type { Candidate } from './retrieval/passage.js';

/**
 * When is a passage good enough to answer from, and which tier answers? Calibrated on
 * `test/eval/questions.jsonl` with round numbers chosen in the middle of flat regions (the
 * tier accuracy moves by at most one question across neighbouring values), never per question.
 *
 * - coverage: the share of the question's ideas (IDF-weighted words) the passage contains;
 * - bm25: how strongly it contains them.
 * The internal bar is deliberately low: off-topic questions are stopped earlier by the scope
 * check, and a false "je ne peux pas répondre" costs a youth more than a loosely matched but
 * on-topic NQT page. A public page must be clearly on the question's subject (legal rules,
 * figures) — higher bars — and it wins over an internal page only when it is markedly stronger:
 * the charter puts internal documents first.
 */
export interface EvidencePolicy {
  internal: { minCoverage: number; minBm25: number };
  /** Public pages of the snapshot (whole sections). */
  public: { minCoverage: number; minBm25: number };
  /** Live web results: a 2-line snippet cannot reach a section's BM25, so coverage carries more. */
  web: { minCoverage: number; minBm25: number };
  /** Public wins when its BM25 is at least this many times the internal one (and it covers as much)… */
  publicDominance: number;
  /** …or when it covers this much more of the question. */
  publicCoverageMargin: number;
}

export const DEFAULT_EVIDENCE: EvidencePolicy = {
  internal: { minCoverage: 0.1, minBm25: 2 },
  public: { minCoverage: 0.4, minBm25: 8 },
  web: { minCoverage: 0.5, minBm25: 3 },
  publicDominance: 1.5,
  publicCoverageMargin: 0.4,
};

export function hasEvidence(top: Candidate | undefined, tier: 'internal' | 'public' | 'web', policy: EvidencePolicy = DEFAULT_EVIDENCE): boolean {
  if (!top) return false;
  const bar = policy[tier];
  return top.coverage >= bar.minCoverage && top.bm25 >= bar.minBm25;
}

/** Internal first; public when internal has nothing, defers, is clearly outdone or lacks the figure asked; else none. */
export function chooseTier(
  internal: Candidate | undefined,
  pub: Candidate | undefined,
  policy: EvidencePolicy = DEFAULT_EVIDENCE,
  publicKind: 'public' | 'web' = 'public',
  asksForFigure = false,
): 'internal' | 'public' | undefined {
  const internalOk = hasEvidence(internal, 'internal', policy);
  const publicOk = hasEvidence(pub, publicKind, policy);
  if (!internalOk) return publicOk ? 'public' : undefined;
  if (!publicOk) return 'internal';
  const coversAsMuch = pub!.coverage >= internal!.coverage;
  // Snapshot pages are whole sections, comparable to internal ones by BM25; web snippets are
  // two lines, so only a much better coverage can tell.
  const outdone =
    coversAsMuch &&
    (publicKind === 'public'
      ? pub!.bm25 >= policy.publicDominance * internal!.bm25
      : pub!.coverage >= internal!.coverage + policy.publicCoverageMargin);
  const handsOver = coversAsMuch && defersToPublic(internal!);
  // "À quel âge… ?", "combien… ?": a figure is asked, the internal page gives none, the public one does.
  const figure = asksForFigure && !/\d/.test(internal!.text) && /\d/.test(pub!.text) && pub!.coverage >= internal!.coverage - 0.2;
  return outdone || handsOver || figure ? 'public' : 'internal';
}

const FIGURE_QUESTION = /\b(combien|quel age|quelle duree|duree max|montant|taux|pourcentage|jusqu a quel|a partir de quel|delai|nombre de (jours|mois|heures))\b/;

/** True when the question asks for a number (an age, an amount, a duration…). */
export function asksFigure(phrase: string): boolean {
  return FIGURE_QUESTION.test(phrase);
}

// Internal pages that say "the precise rules are in public sources" hand over on purpose.
const DEFERRAL = /sources publiques|service-public\.fr|organisme concerné|Mentor IA peut te les indiquer|règles légales précises/i;

/** True when the internal passage itself points to public sources for the details. */
export function defersToPublic(passage: Candidate): boolean {
  return DEFERRAL.test(passage.text);
}

/** Whether the public tier is worth querying (a live web search costs a network round trip). */
export function needsPublic(internal: Candidate | undefined, policy: EvidencePolicy = DEFAULT_EVIDENCE): boolean {
  return !hasEvidence(internal, 'internal', policy) || defersToPublic(internal!) || internal!.coverage < 0.7;
}
