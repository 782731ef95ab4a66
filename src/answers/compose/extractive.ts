import { matchStem, tokenize } from '../../providers/index.js';
import { answerCopy } from '../copy.js';
import type { Candidate } from '../retrieval/passage.js';
import { idf } from '../retrieval/vocabulary.js';
import type { ComposeInput, Composition } from './types.js';

// WhatsApp shows ~700 characters without "Lire la suite"; the brief asks for 600–900.
const MAIN_BUDGET = 680;
const EXTRA_BUDGET = 260;
const TOTAL_MAX = 900;
// A second passage is added only when it is nearly as relevant and brings words the first lacks.
const SECOND_PASSAGE_RATIO = 0.7;

interface Unit {
  text: string;
  block: number;
  score: number;
  list: boolean;
}

/**
 * Builds a short answer from the passages themselves, without a model: the most relevant
 * contiguous stretch of the best passage (sentences and list items kept whole and in their
 * order, so it reads as written), its section title as a lead, and — when a second passage
 * covers words of the question the first does not — one more short extract.
 */
export function composeExtractive(input: ComposeInput): Composition {
  const [first, ...others] = input.passages;
  if (!first) throw new Error('composeExtractive needs at least one passage');
  const weights = termWeights(input);
  const parts: string[] = [];
  const used: Candidate[] = [first];
  const tailored = Boolean(input.lookingFor && first.profileMatch && input.audience === 'youth');

  if (input.tier === 'public') parts.push(answerCopy.publicIntro(input.audience, first.site ?? siteName(first)));
  else if (tailored) parts.push(answerCopy.tailored(input.lookingFor!));

  const heading = sectionTitle(first);
  const main = bestWindow(units(first.text, weights), MAIN_BUDGET);
  parts.push(heading && input.tier === 'internal' ? `*${heading}*\n${main.text}` : main.text);

  const second = others.find(
    (p) => p.score >= first.score * SECOND_PASSAGE_RATIO && p.id !== first.id && addsWords(p, first, weights),
  );
  if (second) {
    const extra = bestWindow(units(second.text, weights), EXTRA_BUDGET);
    const length = parts.join('\n\n').length + extra.text.length;
    if (extra.score > 0 && length < TOTAL_MAX - 40) {
      parts.push(`${answerCopy.alsoIntro(input.audience)} ${lowerFirst(extra.text)}`);
      used.push(second);
    }
  }
  if (input.tier === 'public') parts.push(answerCopy.publicOutro(input.audience));
  return { text: parts.join('\n\n'), used, composer: 'extractive', tailored };
}

function termWeights(input: ComposeInput): Map<string, number> {
  const weights = new Map<string, number>();
  for (const t of input.query.terms) weights.set(t.stem, t.weight * idf(input.vocabulary, t.stem));
  return weights;
}

/** Sentences of paragraphs and items of lists, with a relevance score each. */
function units(text: string, weights: Map<string, number>): Unit[] {
  const out: Unit[] = [];
  text.split(/\n{2,}/).forEach((block, b) => {
    const lines = block.split('\n');
    const isList = lines.every((l) => /^(- |\d+\. )/.test(l));
    const pieces = isList ? lines : block.replace(/\n/g, ' ').match(/[^.!?…]+(?:[.!?…]+["»)]?|$)\s*/g) ?? [block];
    for (const piece of pieces) {
      const clean = piece.trim();
      if (clean) out.push({ text: clean, block: b, score: scoreText(clean, weights), list: isList });
    }
  });
  return out;
}

function scoreText(text: string, weights: Map<string, number>): number {
  const seen = new Set<string>();
  let score = 0;
  for (const token of tokenize(text)) {
    const stem = matchStem(token);
    const w = weights.get(stem);
    if (w && !seen.has(stem)) {
      seen.add(stem);
      score += w;
    }
  }
  return score;
}

/**
 * The contiguous run of units with the highest total relevance that fits the budget,
 * preferring to start at the beginning of a block (a paragraph's first sentence sets the
 * context). A list keeps the sentence that introduces it.
 */
function bestWindow(all: Unit[], budget: number): { text: string; score: number } {
  let best = { start: 0, end: 0, score: -1 };
  for (let start = 0; start < all.length; start++) {
    let length = 0;
    let score = all[start]!.block === all[start - 1]?.block ? 0 : 0.15; // block-start bonus
    for (let end = start; end < all.length; end++) {
      length += all[end]!.text.length + 1;
      if (length > budget && end > start) break;
      score += all[end]!.score;
      if (score > best.score) best = { start, end, score };
    }
  }
  let { start } = best;
  // A list item chosen without its lead-in reads oddly: pull in the introducing sentence.
  if (all[start]?.list && start > 0 && !all[start - 1]!.list && /:\s*$/.test(all[start - 1]!.text)) start--;
  const window = all.slice(start, best.end + 1);
  return { text: render(window), score: best.score };
}

function render(window: Unit[]): string {
  const out: string[] = [];
  window.forEach((u, i) => {
    const previous = window[i - 1];
    if (!previous) out.push(u.text);
    else if (previous.block !== u.block || u.list) out.push(`\n${u.text}`);
    else out.push(` ${u.text}`);
  });
  return out.join('').replace(/\n(?=[^-\d])/g, '\n\n').replace(/\n{3,}/g, '\n\n').trim();
}

function addsWords(candidate: Candidate, first: Candidate, weights: Map<string, number>): boolean {
  const firstStems = new Set(tokenize(`${first.headingPath} ${first.text}`).map(matchStem));
  for (const token of tokenize(candidate.text)) {
    const stem = matchStem(token);
    if (weights.has(stem) && !firstStems.has(stem)) return true;
  }
  return false;
}

/** The deepest heading of the passage ("Les trous dans le CV"), if it is not just the title. */
function sectionTitle(passage: Candidate): string | undefined {
  const parts = passage.headingPath.split(' > ');
  const last = parts[parts.length - 1];
  // A merged chunk covers several sections: no single heading describes the extract.
  if (parts.length < 2 || !last || last.includes(' · ')) return undefined;
  return last;
}

function siteName(passage: Candidate): string {
  try {
    return new URL(passage.url ?? '').hostname.replace(/^www\./, '');
  } catch {
    return 'source publique';
  }
}

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
