/**
 * WhatsApp text: the engine writes neutral Markdown-ish text (`**gras**`, `_italique_`, `- `
 * lists, `[titre](url)`); WhatsApp has its own markup (`*gras*`, `_italique_`, `~barré~`) and
 * a length limit per message. Both WhatsApp adapters share these two functions.
 */

/** Converts the engine's neutral format to WhatsApp markup. The first line (label) is kept as is. */
export function toWhatsAppMarkup(text: string): string {
  return text
    .split('\n')
    .map((line) => convertLine(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function convertLine(line: string): string {
  let out = line;
  // Headings have no WhatsApp markup: bold line instead.
  const heading = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(out);
  if (heading) out = `*${stripBold(heading[1]!)}*`;
  // List items: "- x", "* x", "+ x" → "• x" (a leading "*" would otherwise read as bold).
  out = out.replace(/^(\s*)[-*+]\s+(?=\S)/, (_m, indent: string) => `${indent}• `);
  // **bold** and __bold__ → *bold*
  out = out.replace(/\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*/g, '*$1*').replace(/__(?=\S)([^_\n]+?)(?<=\S)__/g, '*$1*');
  // [title](url) → title (url): WhatsApp shows bare links only.
  out = out.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, title: string, url: string) => (title === url ? url : `${title} (${url})`));
  return out;
}

function stripBold(s: string): string {
  return s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^\*(.+)\*$/, '$1');
}

// Boundaries, from best to worst: paragraph, line, sentence end, clause, word.
const BOUNDARIES: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…]+(?:\u00a0?\s?[»"”)\]])*\s+/g, /[;:,]\s+/g, /\s+/g];

/**
 * Splits `text` into parts of at most `max` UTF-16 units, cutting at the best boundary found
 * in the second half of each window (paragraph, line, sentence, clause, word), never inside a
 * surrogate pair. Parts are trimmed; joining them with a space or newline restores the sense.
 */
export function splitMessage(text: string, max: number): string[] {
  if (max < 20) throw new Error('splitMessage: max too small');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = bestCut(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    if (head) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * Splits off the end of `text` so that the tail fits in `max` (e.g. the 1,024-character body of
 * an interactive message) and starts at a boundary. Returns `['', text]` when it already fits.
 */
export function splitTail(text: string, max: number): [head: string, tail: string] {
  const trimmed = text.trim();
  if (trimmed.length <= max) return ['', trimmed];
  const windowStart = trimmed.length - max;
  for (const boundary of BOUNDARIES) {
    boundary.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = boundary.exec(trimmed)) !== null) {
      const end = m.index + m[0].length;
      if (end >= windowStart && end < trimmed.length) return [trimmed.slice(0, end).trimEnd(), trimmed.slice(end).trim()];
      if (m[0].length === 0) boundary.lastIndex++;
    }
  }
  const cut = safeIndex(trimmed, windowStart);
  return [trimmed.slice(0, cut).trimEnd(), trimmed.slice(cut).trim()];
}

function bestCut(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  const floor = Math.floor(max / 2);
  for (const boundary of BOUNDARIES) {
    let best = -1;
    boundary.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = boundary.exec(window)) !== null) {
      const end = m.index + m[0].length;
      // A sentence/word boundary is cut after its punctuation; whitespace is trimmed anyway.
      const at = Math.min(end, max);
      if (m.index >= floor && m.index < max) best = at;
      if (m[0].length === 0) boundary.lastIndex++;
    }
    if (best > 0) return best;
  }
  return safeIndex(text, max);
}

/** Moves an index back by one if it would split a surrogate pair (an emoji). */
function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}

/** One line, no tabs or runs of spaces: what Meta accepts in a template parameter. */
export function flattenForTemplate(text: string, max: number): string {
  const flat = text
    .replace(/\s*\n+\s*/g, ' · ')
    .replace(/\t/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const [head] = splitMessage(flat, max - 1);
  return `${head ?? flat.slice(0, max - 1)}…`;
}
