/** What every parser returns: raw metadata (validated later, in one place) and text blocks. */
export interface ParsedDocument {
  /** Title found in the file itself (front matter, <title>, first heading, PDF metadata). */
  title?: string;
  /** Front matter or equivalent; validated by `document-meta.ts`. */
  meta: Record<string, unknown>;
  blocks: Block[];
}

export type Block =
  | { kind: 'heading'; level: number; text: string }
  /** A paragraph, a list (lines joined by "\n") or a table flattened to "a : b" lines. */
  | { kind: 'text'; text: string };

/** A file that cannot be used; the run reports `reason` (French, read by staff) and goes on. */
export class UnusableFileError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'UnusableFileError';
  }
}
