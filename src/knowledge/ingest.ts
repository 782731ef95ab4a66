import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { chunks, documents } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { EmbeddingProvider, VectorIndex } from '../providers/index.js';
import { type ChunkOptions, chunkDocument } from './chunker.js';
import { documentMeta, type DocumentMeta } from './document-meta.js';
import { listFiles } from './files.js';
import { PARSER_VERSION, parseFile, UnusableFileError } from './parsers/index.js';

export interface IngestOptions {
  embeddings: EmbeddingProvider;
  vectors: VectorIndex;
  chunking?: ChunkOptions;
  onProgress?: (event: IngestProgress) => void;
  log?: Logger;
  /** Default 20 MB: anything bigger is a scan or an export, not a knowledge page. */
  maxFileBytes?: number;
}

export type IngestStatus = 'added' | 'updated' | 'unchanged' | 'skipped' | 'removed';

export interface IngestProgress {
  file: string;
  status: IngestStatus;
  /** 1-based position among the files found (removals come after, with done = total). */
  done: number;
  total: number;
  chunks?: number;
  reason?: string;
}

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: { file: string; reason: string }[];
  /** Chunks written during this run (new and changed files). */
  chunks: number;
  ms: number;
}

// Two ingestions at once would interleave deletes and inserts of the same documents.
const INGEST_LOCK_KEY = 727_002;

/**
 * Brings PostgreSQL and the vector index in line with a directory, incrementally. A file is
 * re-parsed only when its content hash (bytes + parser version + chunking + embedding model)
 * changed; a file that disappeared is removed from both stores. A file that cannot be used
 * is reported in `skipped` and its previous version, if any, is kept: a bad save should not
 * silently erase an answer that worked yesterday.
 */
export async function ingestDirectory(database: Database, dir: string, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const root = resolve(dir);
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, removed: 0, skipped: [], chunks: 0, ms: 0 };
  const lock = await database.sql.reserve();
  try {
    await lock`select pg_advisory_lock(${INGEST_LOCK_KEY})`;
    const files = await listFiles(root);
    const known = new Map((await database.db.select({ id: documents.id, hash: documents.hash }).from(documents)).map((d) => [d.id, d.hash]));
    const salt = `${PARSER_VERSION}|${JSON.stringify(options.chunking ?? {})}|${options.embeddings.id}`;
    const report = (file: string, status: IngestStatus, done: number, extra: Partial<IngestProgress> = {}) =>
      options.onProgress?.({ file, status, done, total: files.length, ...extra });

    for (const [index, file] of files.entries()) {
      const done = index + 1;
      try {
        const full = join(root, file);
        const size = (await stat(full)).size;
        if (size > (options.maxFileBytes ?? 20 * 1024 * 1024)) throw new UnusableFileError(`fichier trop volumineux (${Math.round(size / 1024 / 1024)} Mo)`);
        const bytes = await readFile(full);
        const hash = createHash('sha256').update(bytes).update(salt).digest('hex');
        if (known.get(file) === hash) {
          summary.unchanged++;
          report(file, 'unchanged', done);
          continue;
        }
        const parsed = await parseFile(extname(file), bytes);
        const meta = documentMeta(file, parsed);
        const drafts = chunkDocument(meta.title, parsed.blocks, options.chunking);
        if (drafts.length === 0) throw new UnusableFileError('aucun texte exploitable (que des titres ?)');
        const written = await writeDocument(database, options, meta, hash, drafts);
        const status = known.has(file) ? 'updated' : 'added';
        summary[status]++;
        summary.chunks += written;
        report(file, status, done, { chunks: written });
      } catch (err) {
        if (!(err instanceof UnusableFileError)) options.log?.warn({ err, file }, 'knowledge file failed');
        const reason = err instanceof UnusableFileError ? err.reason : `erreur inattendue : ${String((err as Error)?.message ?? err).slice(0, 200)}`;
        const kept = known.has(file) ? ' (version précédente conservée)' : '';
        summary.skipped.push({ file, reason: reason + kept });
        report(file, 'skipped', done, { reason: reason + kept });
      }
    }

    const present = new Set(files);
    for (const id of known.keys()) {
      if (present.has(id)) continue;
      await removeDocument(database, options.vectors, id);
      summary.removed++;
      report(id, 'removed', files.length);
    }
    if (summary.added + summary.updated + summary.removed > 0) {
      // Only speed is at stake: a role that may not do it leaves the work to autovacuum.
      await settleIndexes(database).catch((err: Error) => options.log?.warn({ err: err.message }, 'search indexes not settled'));
    }
  } finally {
    await lock`select pg_advisory_unlock(${INGEST_LOCK_KEY})`.catch(() => undefined);
    lock.release();
  }
  summary.ms = Math.round(performance.now() - started);
  options.log?.info({ ...summary, skipped: summary.skipped.length }, 'knowledge ingested');
  return summary;
}

/**
 * After a change: the GIN indexes of `chunks` keep new entries in a pending list (fast
 * inserts) that every search then scans linearly — measured 25× slower on the index scan
 * until a vacuum, which a table this small may never get. Merge it now, and refresh the
 * planner's statistics so the first searches are planned on the real table.
 */
async function settleIndexes(database: Database): Promise<void> {
  await database.sql`
    select gin_clean_pending_list(i.indexrelid)
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
    where i.indrelid = 'chunks'::regclass and am.amname = 'gin'`;
  await database.sql`analyze chunks`;
}

async function writeDocument(
  database: Database,
  options: IngestOptions,
  meta: DocumentMeta,
  hash: string,
  drafts: ReturnType<typeof chunkDocument>,
): Promise<number> {
  const rows = drafts.map((d) => ({
    id: `${meta.id}#${d.ord}`,
    documentId: meta.id,
    ord: d.ord,
    tier: meta.tier,
    audience: meta.audience,
    topics: meta.topics,
    title: meta.title,
    headingPath: d.headingPath,
    text: d.text,
  }));
  const vectors = await options.embeddings.embed(
    rows.map((r) => embeddingText(r.headingPath, r.text, meta.topics)),
    'document',
  );
  const previous = (await database.db.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, meta.id))).map((c) => c.id);
  // Vectors first: if the index is down the file is skipped and PostgreSQL keeps the old version.
  await options.vectors.upsert(
    rows.map((r, i) => ({ id: r.id, values: vectors[i]!, metadata: { documentId: meta.id, audience: meta.audience, tier: meta.tier } })),
  );
  const docRow = {
    id: meta.id,
    tier: meta.tier,
    title: meta.title,
    audience: meta.audience,
    topics: meta.topics,
    url: meta.url ?? null,
    owner: meta.owner ?? null,
    reviewed: meta.reviewed ?? null,
    hash,
    updatedAt: new Date(),
  };
  await database.db.transaction(async (tx) => {
    // Ingestion is idempotent (content hashes): losing the last commits in a crash only means
    // re-reading those files next run, so don't wait for the WAL flush on every file (~4× faster).
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.insert(documents).values(docRow).onConflictDoUpdate({ target: documents.id, set: docRow });
    await tx.delete(chunks).where(eq(chunks.documentId, meta.id));
    for (let i = 0; i < rows.length; i += 200) {
      await tx.insert(chunks).values(rows.slice(i, i + 200).map((r, j) => ({ ...r, embedding: Array.from(vectors[i + j]!) })));
    }
  });
  const stale = previous.filter((id) => !rows.some((r) => r.id === id));
  if (stale.length) await options.vectors.delete(stale);
  return rows.length;
}

async function removeDocument(database: Database, vectors: VectorIndex, id: string): Promise<void> {
  const ids = (await database.db.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, id))).map((c) => c.id);
  // The index first: if it fails, the row stays and the next run tries again.
  if (ids.length) await vectors.delete(ids);
  await database.db.delete(documents).where(inArray(documents.id, [id]));
}

/** What gets embedded: headings give a short passage its topic ("Les trous dans le CV"). */
export function embeddingText(headingPath: string, text: string, topics: string[]): string {
  return `${headingPath}\n${topics.join(', ')}\n${text}`;
}
