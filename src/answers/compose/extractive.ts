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
const NEW_WORDS_SHARE = 0.2;

interface Unit {
  text: string;
  block: number;
  /** The section the unit belongs to (merged chunks hold several). */
  section: string | undefined;
  score: number;
  list: boolean;
}

// Marks a merged section's heading inside a chunk's text (see knowledge/chunker.ts).
const SECTION_MARK = '### ';
// Edge units scoring under this share of the best unit are trimmed from an extract.
const EDGE_RELEVANCE = 0.25;

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

  const main = bestWindow(units(first.text, weights, sectionTitle(first)), MAIN_BUDGET);
  parts.push(main.section && input.tier === 'internal' ? `*${main.section}*\n${main.text}` : main.text);

  // Another section of the same page, or a page that covers the question better, and only
  // if it brings a real share of the question the first extract lacks.
  const second = others.find(
    (p) =>
      p.id !== first.id &&
      p.score >= first.score * SECOND_PASSAGE_RATIO &&
      (p.documentId === first.documentId || p.coverage >= first.coverage + 0.15) &&
      missingWeight(p, first, weights) >= NEW_WORDS_SHARE,
  );
  if (second) {
    const extra = bestWindow(units(second.text, weights, sectionTitle(second)), EXTRA_BUDGET);
    const length = parts.join('\n\n').length + extra.text.length;
    if (extra.score > 0 && length < TOTAL_MAX - 40) {
      const joiner = extra.text.startsWith('- ') ? '\n' : ' ';
      parts.push(`${answerCopy.alsoIntro(input.audience)}${joiner}${joiner === ' ' ? lowerFirst(extra.text) : extra.text}`);
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

/** Sentences of paragraphs and items of lists, with their section and a relevance score each. */
function units(text: string, weights: Map<string, number>, firstSection: string | undefined): Unit[] {
  const out: Unit[] = [];
  let section = firstSection;
  text.split(/\n{2,}/).forEach((block, b) => {
    if (block.startsWith(SECTION_MARK)) {
      section = block.slice(SECTION_MARK.length).trim();
      return;
    }
    const lines = block.split('\n');
    const isList = lines.every((l) => /^(- |\d+\. )/.test(l));
    const pieces = isList ? lines : block.replace(/\n/g, ' ').match(/[^.!?…]+(?:[.!?…]+["»)]?|$)\s*/g) ?? [block];
    for (const piece of pieces) {
      const clean = piece.trim();
      if (clean) out.push({ text: clean, block: b, section, score: scoreText(clean, weights), list: isList });
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
function bestWindow(all: Unit[], budget: number): { text: string; score: number; section?: string } {
  let best = { start: 0, end: 0, score: -1 };
  for (let start = 0; start < all.length; start++) {
    let length = 0;
    let score = all[start]!.block === all[start - 1]?.block ? 0 : 0.15; // block-start bonus
    for (let end = start; end < all.length; end++) {
      if (all[end]!.section !== all[start]!.section) break; // one section per extract
      length += all[end]!.text.length + 1;
      if (length > budget && end > start) break;
      score += all[end]!.score;
      if (score > best.score) best = { start, end, score };
    }
  }
  let { start, end } = best;
  // Weak units at the edges only lengthen the message: drop trailing ones, and leading ones
  // from another paragraph (a paragraph's own first sentence stays: it sets the context).
  const floor = EDGE_RELEVANCE * Math.max(...all.slice(start, end + 1).map((u) => u.score));
  while (end > start && all[end]!.score < floor) end--;
  while (start < end && all[start]!.score < floor && all[start]!.block !== all[start + 1]!.block) start++;
  // A list item chosen without its lead-in reads oddly: pull in the introducing sentence.
  if (all[start]?.list && start > 0 && !all[start - 1]!.list && /:\s*$/.test(all[start - 1]!.text)) start--;
  // A lead-in ending with ":" announces a list: keep at least its first items.
  while (/:\s*$/.test(all[end]?.text ?? '') && all[end + 1]?.list && all[end + 1]!.section === all[end]!.section && end - start < 6) end++;
  const window = all.slice(start, end + 1);
  return { text: render(window), score: best.score, section: window[0]?.section };
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

/** Share of the question's weight found in `candidate` but absent from `first`. */
function missingWeight(candidate: Candidate, first: Candidate, weights: Map<string, number>): number {
  const firstStems = passageStems(first);
  const candidateStems = passageStems(candidate);
  let total = 0;
  let added = 0;
  for (const [stem, w] of weights) {
    total += w;
    if (candidateStems.has(stem) && !firstStems.has(stem)) added += w;
  }
  return total === 0 ? 0 : added / total;
}

// Stems of a passage's heading and text, by passage id: passages come back question after
// question, and tokenising them was a visible share of composing.
const STEMS = new Map<string, { text: string; heading: string; stems: Set<string> }>();
const STEMS_MAX = 5_000;

function passageStems(passage: Candidate): Set<string> {
  const hit = STEMS.get(passage.id);
  if (hit && hit.text === passage.text && hit.heading === passage.headingPath) return hit.stems;
  const stems = new Set(tokenize(`${passage.headingPath} ${passage.text}`).map(matchStem));
  if (STEMS.size >= STEMS_MAX) STEMS.clear(); // bounded: at worst, re-tokenised once per 5k passages
  STEMS.set(passage.id, { text: passage.text, heading: passage.headingPath, stems });
  return stems;
}

/** The first section heading of the passage ("Les trous dans le CV"), if it is not just the title. */
function sectionTitle(passage: Candidate): string | undefined {
  const parts = passage.headingPath.split(' > ');
  if (parts.length < 2) return undefined;
  return parts[parts.length - 1]!.split(' · ')[0];
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
