import { openDatabase, type Database } from '../../src/db/client.js';
import { HybridAnswerer } from '../../src/answers/index.js';
import { ingestDirectory } from '../../src/knowledge/index.js';
import { HashedEmbeddings, LocalVectorIndex, SnapshotWebSearch, type Providers } from '../../src/providers/index.js';
import { testDatabase } from '../helpers/db.js';
import { writeCorpus } from './corpus.js';

/** A migrated database (own name per test file) holding the test corpus, and offline providers. */
export async function corpusDatabase(suffix: string): Promise<{ database: Database; providers: Providers; dir: string }> {
  const database = openDatabase(await testDatabase(suffix), 4);
  await database.sql`delete from documents`;
  const embeddings = new HashedEmbeddings(128);
  const vectors = new LocalVectorIndex(128, database.sql);
  const dir = await writeCorpus();
  const summary = await ingestDirectory(database, dir, { embeddings, vectors });
  if (summary.skipped.length) throw new Error(`test corpus not clean: ${JSON.stringify(summary.skipped)}`);
  return { database, dir, providers: { embeddings, vectors, web: new SnapshotWebSearch(database.sql, { embeddings, vectors }) } };
}

export function offlineAnswerer(database: Database, providers: Providers): HybridAnswerer {
  return new HybridAnswerer({ database, providers, allowedProfileFields: ['lookingFor', 'studyField'] });
}

/** Document ids of an answer's chunks, best first. */
export function docsOf(chunks: { id: string }[]): string[] {
  return [...new Set(chunks.map((c) => c.id.slice(0, c.id.lastIndexOf('#'))))];
}
