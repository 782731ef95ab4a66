import type { Block } from './parsers/index.js';

export interface ChunkDraft {
  ord: number;
  /** « Titre > Section > Sous-section »: indexed (weight B) and shown as context. */
  headingPath: string;
  text: string;
  words: number;
}

export interface ChunkOptions {
  /** Sections shorter than this are merged with their next sibling. Default 60 words. */
  minWords?: number;
  /** Longer sections are split at paragraph, then sentence boundaries. Default 250 words. */
  maxWords?: number;
  /**
   * Merging stops once a chunk would exceed this. Default 160 words: merging exists to give
   * a two-line section enough context, not to glue four topics into one passage.
   */
  mergeUpTo?: number;
}

interface Piece {
  path: string[];
  blocks: string[];
  words: number;
}

const SEPARATOR = ' > ';
/** Prefix of the line that names a merged section inside a chunk's text. */
export const SECTION_MARK = '### ';

/**
 * Cuts a document along its headings. A section is the natural unit of meaning ("Les erreurs
 * à éviter sur un CV"), so chunks follow sections, keep their heading path as context, and
 * only deviate to stay in the 60–250-word range where both full text and vectors work well:
 * too short and a passage lacks the words of the question, too long and it drowns them.
 */
export function chunkDocument(title: string, blocks: Block[], options: ChunkOptions = {}): ChunkDraft[] {
  const minWords = options.minWords ?? 60;
  const maxWords = options.maxWords ?? 250;
  const pieces = sections(title, blocks).flatMap((s) => split(s, maxWords));
  const merged = mergeTiny(pieces, minWords, Math.min(maxWords, options.mergeUpTo ?? 160));
  return merged.map((p, ord) => ({
    ord,
    headingPath: p.path.join(SEPARATOR),
    text: p.blocks.join('\n\n'),
    words: p.words,
  }));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function sections(title: string, blocks: Block[]): Piece[] {
  const out: Piece[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Piece = { path: [title], blocks: [], words: 0 };
  let sawHeading = false;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      // The document's own H1 repeats the title: it is the root, not a section.
      const isTitle = !sawHeading && block.level === 1 && same(block.text, title);
      sawHeading = true;
      if (current.blocks.length) out.push(current);
      if (isTitle) {
        current = { path: [title], blocks: [], words: 0 };
        continue;
      }
      while (stack.length && stack[stack.length - 1]!.level >= block.level) stack.pop();
      stack.push({ level: block.level, text: block.text });
      current = { path: [title, ...stack.map((h) => h.text)], blocks: [], words: 0 };
      continue;
    }
    current.blocks.push(block.text);
    current.words += countWords(block.text);
  }
  if (current.blocks.length) out.push(current);
  return out;
}

/** Splits an over-long section into balanced parts, at paragraph then sentence boundaries. */
function split(section: Piece, maxWords: number): Piece[] {
  if (section.words <= maxWords) return [section];
  const units = section.blocks.flatMap((b) => (countWords(b) > maxWords ? sentences(b, maxWords) : [b]));
  const parts = Math.ceil(section.words / maxWords);
  const target = Math.ceil(section.words / parts);
  const out: Piece[] = [];
  let current: Piece = { path: section.path, blocks: [], words: 0 };
  for (const unit of units) {
    const n = countWords(unit);
    if (current.words > 0 && (current.words + n > maxWords || current.words >= target)) {
      out.push(current);
      current = { path: section.path, blocks: [], words: 0 };
    }
    current.blocks.push(unit);
    current.words += n;
  }
  if (current.words) out.push(current);
  return out;
}

/** Sentences (or, for a run-on sentence, word windows) of at most `maxWords` words, packed. */
function sentences(text: string, maxWords: number): string[] {
  const raw = text.match(/[^.!?…]+(?:[.!?…]+["»)]?\s*|$)/g) ?? [text];
  const out: string[] = [];
  let current = '';
  for (const sentence of raw.flatMap((s) => windows(s.trim(), maxWords))) {
    if (!sentence) continue;
    if (current && countWords(current) + countWords(sentence) > maxWords) {
      out.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) out.push(current);
  return out;
}

function windows(sentence: string, maxWords: number): string[] {
  const words = sentence.split(/\s+/);
  if (words.length <= maxWords) return [sentence];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += maxWords) out.push(words.slice(i, i + maxWords).join(' '));
  return out;
}

/** Merges a tiny piece with its next sibling (same parent heading) while the sum fits. */
function mergeTiny(pieces: Piece[], minWords: number, mergeUpTo: number): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last && (last.words < minWords || piece.words < minWords) && last.words + piece.words <= mergeUpTo && siblings(last.path, piece.path)) {
      const samePath = last.path.join(SEPARATOR) === piece.path.join(SEPARATOR);
      // A merged section keeps its heading as a marked line, so the answer side can still
      // tell "Se préparer avant l'entretien" from the section glued before it.
      const marker = samePath ? [] : [`${SECTION_MARK}${piece.path[piece.path.length - 1]}`];
      out[out.length - 1] = {
        path: mergePath(last.path, piece.path),
        blocks: [...last.blocks, ...marker, ...piece.blocks],
        words: last.words + piece.words,
      };
    } else {
      out.push(piece);
    }
  }
  return out;
}

function siblings(a: string[], b: string[]): boolean {
  const parentA = a.slice(0, -1).join(SEPARATOR);
  return a.join(SEPARATOR) === b.join(SEPARATOR) || (a.length === b.length && parentA === b.slice(0, -1).join(SEPARATOR)) || b.join(SEPARATOR).startsWith(a.join(SEPARATOR) + SEPARATOR);
}

/** « Doc > A » + « Doc > B » → « Doc > A · B » (both headings stay searchable). */
function mergePath(a: string[], b: string[]): string[] {
  if (a.join(SEPARATOR) === b.join(SEPARATOR)) return a;
  if (b.join(SEPARATOR).startsWith(a.join(SEPARATOR) + SEPARATOR)) return a;
  const lastB = b[b.length - 1]!;
  const lastA = a[a.length - 1]!;
  return lastA.split(' · ').includes(lastB) ? a : [...a.slice(0, -1), `${lastA} · ${lastB}`];
}

function same(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  return norm(a) === norm(b);
}
