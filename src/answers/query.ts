import { foldText, matchStem, STOPWORDS, tokenize } from '../providers/index.js';
import type { Lexicon } from './lexicon.js';
import { correctTypo, type Vocabulary } from './retrieval/vocabulary.js';

export interface QueryTerm {
  /** Folded word (no accents, lower case). */
  word: string;
  stem: string;
  /** 1 for the asker's own words; less for words the lexicon or the typo pass added. */
  weight: number;
  source: 'question' | 'lexicon' | 'typo';
  /** For lexicon terms: stems of the words that triggered the expansion (coverage counts them as one idea). */
  from?: string[];
}

export interface AnalysedQuery {
  original: string;
  /** Folded text with SMS spelling expanded and typos fixed: for embedders and search engines. */
  text: string;
  /** Folded tokens of `text`, stop words included. */
  tokens: string[];
  /**
   * Every word of the question, folded and SMS-expanded, one space apart, with elisions and
   * hyphens split ("l etat des lieux", "a t il") and nothing dropped: what phrase rules read.
   */
  phrase: string;
  /** Content terms, one per stem, the asker's own words first. */
  terms: QueryTerm[];
  /** Words typed that were corrected ("entretein" → "entretien"), for traces. */
  corrections: { from: string; to: string }[];
}

// A typo fix is a guess about spelling: close to, but below, what the person wrote.
// (Expansion weights live in the lexicon: 1 for abbreviations, 0.6 for associations.)
const TYPO_WEIGHT = 0.9;

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}\u{20E3}]/gu;
// "jcherche", "jveux": a glued "je" before a consonant-initial verb (SMS spelling).
const GLUED_JE = /^j([bcdfghklmnpqrstvwxz][a-z]{3,})$/;

/**
 * Normalises a question the way youths write on WhatsApp: emoji dropped, accents and case
 * folded, stretched letters shortened ("stpppp"), SMS spelling expanded, then colloquial
 * expressions mapped to the words of the knowledge base, and typos fixed against the
 * corpus vocabulary when one is given.
 */
export function analyseQuery(question: string, lexicon: Lexicon, vocabulary?: Vocabulary): AnalysedQuery {
  const cleaned = foldText(question.replace(EMOJI, ' '))
    .replace(/([a-z])\1{2,}/g, '$1')
    .replace(/[?!.,;:()"«»…\-–—/]+/g, ' ');
  const words: string[] = [];
  for (const raw of cleaned.split(/\s+/).filter(Boolean)) {
    const glued = GLUED_JE.exec(raw);
    const mapped = lexicon.sms.get(raw) ?? (glued && !vocabulary?.df.has(raw) ? ['je', glued[1]!] : [raw]);
    words.push(...mapped);
  }
  rewritePhrases(words, lexicon);
  const phrase = ` ${words.join(' ').replace(/[^a-z0-9]+/g, ' ').trim()} `;
  const corrections: { from: string; to: string }[] = [];
  const tokens: string[] = [];
  for (const token of tokenize(words.join(' '))) {
    const fixed = lexicon.sms.get(token);
    if (fixed) tokens.push(...tokenize(fixed.join(' ')));
    else tokens.push(token);
  }

  const terms = new Map<string, QueryTerm>();
  const add = (word: string, weight: number, source: QueryTerm['source'], from?: string[]) => {
    if (STOPWORDS.has(word) || word.length < 2) return;
    const stem = matchStem(word);
    const existing = terms.get(stem);
    if (!existing || existing.weight < weight) terms.set(stem, { word, stem, weight, source, ...(from ? { from } : {}) });
  };

  const finalTokens: string[] = [];
  for (const token of tokens) {
    const known = STOPWORDS.has(token) || lexicon.keep.has(token) || /^[0-9]+$/.test(token) || isLexiconWord(token, lexicon);
    const fix = !known && vocabulary ? correctTypo(token, vocabulary) : undefined;
    if (fix) {
      corrections.push({ from: token, to: fix });
      finalTokens.push(fix);
      add(fix, TYPO_WEIGHT, 'typo');
    } else {
      finalTokens.push(token);
      add(token, 1, 'question');
    }
  }
  for (const expansion of matchExpansions(finalTokens, lexicon)) {
    const from = expansion.match.map(matchStem);
    for (const word of expansion.add) for (const t of tokenize(word)) add(t, expansion.weight, 'lexicon', from);
  }
  const ordered = [...terms.values()].sort((a, b) => b.weight - a.weight);
  return { original: question, text: finalTokens.join(' '), tokens: finalTokens, phrase, terms: ordered, corrections };
}

/** Applies the lexicon's phrase rewrites in place, longest first. */
function rewritePhrases(words: string[], lexicon: Lexicon): void {
  for (const { from, to } of lexicon.phrases) {
    for (let i = 0; i + from.length <= words.length; i++) {
      if (from.every((w, j) => words[i + j] === w)) words.splice(i, from.length, ...to);
    }
  }
}

/** Every expansion whose token sequence appears in the query (a phrase matches on token boundaries). */
function matchExpansions(tokens: string[], lexicon: Lexicon): Lexicon['expansions'] {
  const out: Lexicon['expansions'] = [];
  for (const expansion of lexicon.expansions) {
    const { match } = expansion;
    for (let i = 0; i + match.length <= tokens.length; i++) {
      if (match.every((m, j) => tokens[i + j] === m)) {
        out.push(expansion);
        break;
      }
    }
  }
  return out;
}

const lexiconWords = new WeakMap<Lexicon, Set<string>>();
function isLexiconWord(token: string, lexicon: Lexicon): boolean {
  let set = lexiconWords.get(lexicon);
  if (!set) {
    set = new Set<string>();
    for (const e of lexicon.expansions) for (const w of [...e.match, ...e.add.flatMap((a) => tokenize(a))]) set.add(w);
    for (const [from, to] of lexicon.sms) for (const w of [from, ...to.flatMap((t) => tokenize(t))]) set.add(w);
    lexiconWords.set(lexicon, set);
  }
  return set.has(token);
}

/** The query as text for an embedder: the asker's words plus the lexicon's additions. */
export function embeddingQuery(query: AnalysedQuery): string {
  const extra = query.terms.filter((t) => t.source === 'lexicon').map((t) => t.word);
  return [query.text, ...extra].join(' ');
}
