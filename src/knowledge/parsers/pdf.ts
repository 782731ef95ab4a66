import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { type Block, type ParsedDocument, UnusableFileError } from './types.js';

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/**
 * PDF text with headings recovered from font sizes: a PDF has no structure, but a line set
 * clearly larger than the body text (≥ 115 %) and short is, in practice, a heading. Lines
 * closer than ~1.5 line heights are joined into paragraphs.
 */
export async function parsePdf(bytes: Buffer): Promise<ParsedDocument> {
  let lines: Line[];
  let metaTitle: string | undefined;
  try {
    const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const { items } = await extractTextItems(doc);
    lines = items.flatMap((page, index) => toLines(page, index));
    const info = (await getMeta(doc)).info as Record<string, unknown> | undefined;
    metaTitle = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    await doc.destroy();
  } catch (err) {
    throw new UnusableFileError(`PDF illisible : ${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 160)}`, { cause: err });
  }
  if (lines.length === 0) throw new UnusableFileError('PDF sans texte (document scanné ? il faudrait une version texte)');
  const blocks = toBlocks(lines);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  return { title: metaTitle ?? firstHeading?.text, meta: {}, blocks };
}

type Item = { str: string; y: number; fontSize: number; hasEOL: boolean };

function toLines(items: Item[], page: number): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const sameLine = current && Math.abs(current.y - item.y) < Math.max(2, item.fontSize * 0.3);
    if (!current || !sameLine) {
      if (current?.text.trim()) lines.push(current);
      current = { text: '', size: 0, y: item.y, page };
    }
    if (item.str) {
      current.text += current.text && !current.text.endsWith(' ') && !item.str.startsWith(' ') ? ` ${item.str}` : item.str;
      current.size = Math.max(current.size, item.fontSize);
    }
    if (item.hasEOL && current.text.trim()) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current?.text.trim()) lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }));
}

function toBlocks(lines: Line[]): Block[] {
  const bodySize = dominantSize(lines);
  const headingSizes = [...new Set(lines.filter((l) => isHeading(l, bodySize)).map((l) => Math.round(l.size)))].sort((a, b) => b - a);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let previous: Line | undefined;
  const flush = () => {
    const text = paragraph.join(' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2').trim();
    if (text) blocks.push({ kind: 'text', text });
    paragraph = [];
  };
  for (const line of lines) {
    if (isHeading(line, bodySize)) {
      flush();
      const level = Math.min(6, headingSizes.indexOf(Math.round(line.size)) + 1);
      blocks.push({ kind: 'heading', level, text: line.text });
      previous = undefined;
      continue;
    }
    const gap = previous && previous.page === line.page ? previous.y - line.y : 0;
    if (previous && (previous.page !== line.page ? /[.!?:]$/.test(previous.text) : gap > line.size * 1.5)) flush();
    paragraph.push(line.text);
    previous = line;
  }
  flush();
  return blocks;
}

function isHeading(line: Line, bodySize: number): boolean {
  return line.size >= bodySize * 1.15 && line.text.length <= 120 && !/[.;,]$/.test(line.text);
}

/** The font size carrying the most characters: the body text. */
function dominantSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(Math.round(l.size), (weight.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 11;
}
