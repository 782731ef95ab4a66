export { ingestDirectory, embeddingText } from './ingest.js';
export type { IngestOptions, IngestProgress, IngestStatus, IngestSummary } from './ingest.js';
export { chunkDocument, countWords, SECTION_MARK } from './chunker.js';
export type { ChunkDraft, ChunkOptions } from './chunker.js';
export { parseFile, PARSER_VERSION, SUPPORTED_EXTENSIONS, UnusableFileError } from './parsers/index.js';
export type { Block, ParsedDocument } from './parsers/index.js';
export { documentMeta } from './document-meta.js';
export type { DocumentMeta } from './document-meta.js';
export { ingestCommand } from './ingest-cli.js';
