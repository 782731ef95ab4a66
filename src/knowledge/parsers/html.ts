import { convert, type FormatCallback } from 'html-to-text';
import { markdownBlocks } from './markdown.js';
import type { ParsedDocument } from './types.js';

// Headings become Markdown "#" lines so one block splitter serves Markdown, HTML and DOCX.
const heading: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addInline(`${'#'.repeat(Number(options.level ?? 2))} `);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

const OPTIONS = {
  wordwrap: false as const,
  formatters: { mdHeading: heading },
  selectors: [
    ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'mdHeading', options: { level } })),
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'footer', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/** HTML page: title from <title> (else the first <h1>), canonical URL and `<meta>` fields as metadata. */
export function parseHtml(source: string): ParsedDocument {
  const text = convert(source, OPTIONS);
  const blocks = markdownBlocks(text);
  const title = decode(first(source, /<title[^>]*>([\s\S]*?)<\/title>/i)) || blocks.find((b) => b.kind === 'heading')?.text;
  const meta: Record<string, unknown> = {};
  const canonical =
    first(source, /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)["']/i) ??
    first(source, /<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']/i);
  if (canonical) meta.url = canonical;
  for (const name of ['audience', 'topics', 'owner', 'reviewed', 'site']) {
    const value = first(source, new RegExp(`<meta[^>]+name=["'](?:maia:)?${name}["'][^>]*content=["']([^"']*)["']`, 'i'));
    if (value) meta[name] = decode(value);
  }
  return { title: title?.trim() || undefined, meta, blocks };
}

function first(source: string, pattern: RegExp): string | undefined {
  return pattern.exec(source)?.[1]?.trim();
}

function decode(value: string | undefined): string {
  if (!value) return '';
  return convert(value, { wordwrap: false }).replace(/\s+/g, ' ').trim();
}
