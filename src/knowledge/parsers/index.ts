import { parseDocx } from './docx.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import { parsePdf } from './pdf.js';
import { parseText } from './text.js';
import { type ParsedDocument, UnusableFileError } from './types.js';

export type { Block, ParsedDocument } from './types.js';
export { UnusableFileError } from './types.js';

/**
 * Bumped whenever a parser or the chunker changes its output: it is part of each file's
 * content hash, so the next ingestion re-chunks everything instead of keeping stale chunks.
 */
export const PARSER_VERSION = 'p5';

const PARSERS: Record<string, (bytes: Buffer) => ParsedDocument | Promise<ParsedDocument>> = {
  '.md': (b) => parseMarkdown(utf8(b)),
  '.markdown': (b) => parseMarkdown(utf8(b)),
  '.txt': (b) => parseText(utf8(b)),
  '.html': (b) => parseHtml(utf8(b)),
  '.htm': (b) => parseHtml(utf8(b)),
  '.pdf': parsePdf,
  '.docx': parseDocx,
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(PARSERS);

/** Parses a file by extension; throws `UnusableFileError` with a reason staff can act on. */
export async function parseFile(extension: string, bytes: Buffer): Promise<ParsedDocument> {
  const parser = PARSERS[extension.toLowerCase()];
  if (!parser) throw new UnusableFileError(`format non pris en charge (${extension || 'sans extension'}) : formats acceptés ${SUPPORTED_EXTENSIONS.join(', ')}`);
  if (bytes.length === 0 || (extension !== '.pdf' && extension !== '.docx' && utf8(bytes).trim() === '')) {
    throw new UnusableFileError('fichier vide');
  }
  return parser(bytes);
}

function utf8(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
