import type { Block, ParsedDocument } from './types.js';

/** Plain text: paragraphs separated by blank lines; the first short line is taken as title. */
export function parseText(source: string): ParsedDocument {
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const first = paragraphs[0];
  const titled = first !== undefined && first.length <= 120 && !/[.!?]$/.test(first);
  const blocks: Block[] = (titled ? paragraphs.slice(1) : paragraphs).map((text) => ({ kind: 'text', text }));
  return { title: titled ? first : undefined, meta: {}, blocks };
}
