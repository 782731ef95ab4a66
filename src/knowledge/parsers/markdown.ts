import matter from 'gray-matter';
import { type Block, type ParsedDocument, UnusableFileError } from './types.js';

/** Markdown with optional YAML front matter (title, audience, topics, owner, reviewed, url, site). */
export function parseMarkdown(source: string): ParsedDocument {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // A fresh options object: gray-matter caches by content unless options are passed.
    parsed = matter(source, {});
  } catch (err) {
    throw new UnusableFileError(`en-tête YAML invalide : ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const meta = (parsed.data ?? {}) as Record<string, unknown>;
  const blocks = markdownBlocks(parsed.content);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  const title = typeof meta.title === 'string' && meta.title.trim() ? meta.title.trim() : firstHeading?.text;
  return { title, meta, blocks };
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Splits Markdown into headings and text blocks (paragraphs, lists, flattened tables). */
export function markdownBlocks(content: string): Block[] {
  const blocks: Block[] = [];
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  let buffer: string[] = [];
  let mode: 'para' | 'list' | 'table' | 'code' = 'para';

  const flush = () => {
    const text = mode === 'table' ? flattenTable(buffer) : mode === 'list' ? buffer.map(listLine).join('\n') : inline(buffer.join(' '));
    if (text.trim()) blocks.push({ kind: 'text', text: text.trim() });
    buffer = [];
    mode = 'para';
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (mode === 'code') {
      if (/^\s*(```|~~~)/.test(line)) flush();
      else buffer.push(line.trim());
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      mode = 'code';
      continue;
    }
    const heading = HEADING.exec(line);
    const setext = !heading && buffer.length === 0 && line.trim() && /^\s*(=+|-{3,})\s*$/.test(lines[i + 1] ?? '');
    if (heading || setext) {
      flush();
      const level = heading ? heading[1]!.length : /=/.test(lines[i + 1]!) ? 1 : 2;
      blocks.push({ kind: 'heading', level, text: inline(heading ? heading[2]! : line) });
      if (setext) i++;
      continue;
    }
    if (!line.trim() || /^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      flush();
      continue;
    }
    const content = line.replace(/^\s*>\s?/, '');
    const kind = TABLE_ROW.test(content) ? 'table' : LIST_ITEM.test(content) ? 'list' : 'para';
    if (kind !== mode && buffer.length > 0 && !(mode === 'list' && kind === 'para' && /^\s{2,}/.test(line))) flush();
    if (mode === 'list' && kind === 'para' && buffer.length > 0) {
      buffer[buffer.length - 1] += ` ${content.trim()}`; // continuation line of a list item
    } else {
      mode = kind;
      buffer.push(content);
    }
  }
  flush();
  return blocks;
}

function listLine(line: string): string {
  const numbered = /^\s*(\d+)[.)]\s+/.exec(line);
  const body = inline(line.replace(LIST_ITEM, ''));
  return numbered ? `${numbered[1]}. ${body}` : `- ${body}`;
}

/** "| a | b |" rows → "a : b" lines; the header row is dropped when a rule line follows it. */
function flattenTable(rows: string[]): string {
  const cells = rows.map((r) =>
    r
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => inline(c.trim())),
  );
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (TABLE_RULE.test(rows[i]!)) continue;
    if (i === 0 && rows[1] && TABLE_RULE.test(rows[1])) continue;
    const [first, ...rest] = cells[i]!.filter(Boolean);
    if (first) out.push(rest.length ? `- ${first} : ${rest.join(' ; ')}` : `- ${first}`);
  }
  return out.join('\n');
}

/** Inline Markdown to plain text: links keep their label, emphasis and code marks go. */
export function inline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s.,;:!?)]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
