import mammoth from 'mammoth';
import { parseHtml } from './html.js';
import { type ParsedDocument, UnusableFileError } from './types.js';

/** Word document: mammoth maps Word heading styles to <h1>…<h6>, then the HTML parser takes over. */
export async function parseDocx(bytes: Buffer): Promise<ParsedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (err) {
    throw new UnusableFileError(`document Word illisible : ${firstLine(err)}`, { cause: err });
  }
  const parsed = parseHtml(`<html><body>${html}</body></html>`);
  return parsed;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 160);
}
