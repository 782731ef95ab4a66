import { foldText, STOPWORDS } from '../providers/index.js';
import type { AnalysedQuery } from './query.js';
import { ANCHORS, SCOPE_CATEGORIES, UNANSWERABLE } from './scope-rules.js';
import type { Vocabulary } from './retrieval/vocabulary.js';

export type ScopeVerdict =
  | { verdict: 'in' }
  | { verdict: 'out_of_scope'; category: string }
  | { verdict: 'unanswerable'; category: 'prediction' | 'entity' | 'local' | 'private' };

// Acronyms and words that look like names but are part of the programme's vocabulary.
const KNOWN_CAPS = new Set(['cv', 'cdi', 'cdd', 'nqt', 'ia', 'rh', 'drh', 'star', 'smart', 'dpo', 'ape', 'siret', 'cej', 'smic', 'apl', 'als', 'alf', 'caf', 'rgpd', 'pme', 'tpe', 'ats', 'pdf', 'bts', 'but', 'dut', 'maia', 'alerte', 'signaler', 'mentor', 'stop', 'aide', 'profil', 'charte', 'supprimer', 'teams', 'whatsapp', 'linkedin', 'france', 'travail', 'ok']);
const ARTICLES = new Set(['un', 'une', 'le', 'la', 'les', 'l', 'des', 'du', 'mon', 'ma', 'mes', 'son', 'sa', 'ses', 'leur', 'leurs', 'nous', 'vous', 'moi', 'toi', 'lui', 'eux']);

/**
 * Decides, before any retrieval, whether a question is for MAIA at all. Out of scope
 * (recipes, sport, homework, medical or personal legal advice, politics, weather, dating,
 * investments, celebrities…) is refused even when words match the base; "unanswerable"
 * covers guessing a recruiter's decision and inside facts about a named company.
 */
export function classifyScope(query: AnalysedQuery, vocabulary?: Vocabulary): ScopeVerdict {
  const text = query.phrase;
  const anchored = ANCHORS.test(text);
  for (const category of SCOPE_CATEGORIES) {
    if (category.hard.some((r) => r.test(text))) return { verdict: 'out_of_scope', category: category.name };
    if (!anchored && category.soft.some((r) => r.test(text))) return { verdict: 'out_of_scope', category: category.name };
  }
  // Arithmetic ("3x + 5 = 20") only survives in the raw text: the phrase drops symbols.
  if (/\d\s*[a-z]?\s*[+\-*/×÷]\s*\d+\s*=|=\s*\d+\s*$|\d\s*x\s*[+\-]\s*\d/i.test(foldText(query.original))) {
    return { verdict: 'out_of_scope', category: 'devoirs' };
  }
  if (UNANSWERABLE.prediction.some((r) => r.test(text))) return { verdict: 'unanswerable', category: 'prediction' };
  if (UNANSWERABLE.privateFact.some((r) => r.test(text))) return { verdict: 'unanswerable', category: 'private' };
  if (UNANSWERABLE.localFact.some((r) => r.test(text))) return { verdict: 'unanswerable', category: 'local' };
  if (namesAnEntity(query, vocabulary) && UNANSWERABLE.entityFact.some((r) => r.test(text))) {
    return { verdict: 'unanswerable', category: 'entity' };
  }
  return { verdict: 'in' };
}

/**
 * True when the question names an organisation or person the base does not know: a
 * capitalised or all-caps word absent from the corpus vocabulary, or the word after "chez".
 */
export function namesAnEntity(query: AnalysedQuery, vocabulary?: Vocabulary): boolean {
  const known = (word: string) => {
    const folded = foldText(word).replace(/[^a-z0-9]/g, '');
    return (
      folded.length < 2 ||
      /^[0-9]/.test(folded) ||
      KNOWN_CAPS.has(folded) ||
      STOPWORDS.has(folded) ||
      query.tokens.includes(folded) === false || // rewritten by the SMS map: a spelling, not a name
      (vocabulary?.df.has(folded) ?? false)
    );
  };
  const words = query.original.split(/[\s'’"«»()?!.,;:]+/).filter(Boolean);
  for (const [i, word] of words.entries()) {
    if (/^\p{Lu}/u.test(word) && !known(word)) return true;
    if (foldText(word) === 'chez') {
      const next = words.slice(i + 1).find((w) => !ARTICLES.has(foldText(w)));
      if (next && !known(next)) return true;
    }
  }
  return false;
}
