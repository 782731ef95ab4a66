import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { ingestDirectory, type IngestProgress } from '../../src/knowledge/index.js';
import { HashedEmbeddings, LocalVectorIndex, type VectorIndex, type VectorRecord } from '../../src/providers/index.js';
import { CORPUS, writeCorpus } from '../answers/corpus.js';
import { testDatabase } from '../helpers/db.js';
import { makeDocx, makePdf } from './make-files.js';

/** Records what ingestion asks of the vector index, on top of the real local index. */
class RecordingIndex implements VectorIndex {
  readonly kind = 'recording';
  upserted: string[] = [];
  deleted: string[] = [];
  constructor(private readonly inner: VectorIndex) {}
  async upsert(records: VectorRecord[]) {
    this.upserted.push(...records.map((r) => r.id));
    await this.inner.upsert(records);
  }
  async delete(ids: string[]) {
    this.deleted.push(...ids);
    await this.inner.delete(ids);
  }
  query: VectorIndex['query'] = (q) => this.inner.query(q);
}

describe('ingestDirectory', () => {
  let database: Database;
  let dir: string;
  const embeddings = new HashedEmbeddings(64);
  let vectors: RecordingIndex;
  const run = (onProgress?: (e: IngestProgress) => void) => ingestDirectory(database, dir, { embeddings, vectors, onProgress });

  beforeAll(async () => {
    database = openDatabase(await testDatabase('knowledge_ingest'), 4);
  });
  afterAll(async () => database.close());
  beforeEach(async () => {
    await database.sql`delete from documents`;
    dir = await writeCorpus();
    vectors = new RecordingIndex(new LocalVectorIndex(64, database.sql));
  });

  it('indexes every file once, then skips unchanged files', async () => {
    const first = await run();
    expect(first.added).toBe(Object.keys(CORPUS).length);
    expect(first.skipped).toEqual([]);
    const [{ n }] = (await database.sql<{ n: number }[]>`select count(*)::int as n from chunks where embedding is not null and tsv is not null`) as unknown as [{ n: number }];
    expect(n).toBe(first.chunks);
    expect(vectors.upserted).toHaveLength(first.chunks);

    vectors.upserted = [];
    const events: IngestProgress[] = [];
    const second = await run((e) => events.push(e));
    expect(second).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: Object.keys(CORPUS).length, chunks: 0 });
    expect(vectors.upserted).toEqual([]);
    expect(events.every((e) => e.status === 'unchanged')).toBe(true);
  });

  it('leaves no pending list in the search indexes after a change (searches stay fast before any vacuum)', async () => {
    await run();
    // gin_clean_pending_list returns how many pending pages it had to merge: none left by ingestion.
    const rows = await database.sql<{ pages: number }[]>`
      select gin_clean_pending_list(i.indexrelid)::int as pages
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
      where i.indrelid = 'chunks'::regclass and am.amname = 'gin'`;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.map((r) => r.pages)).toEqual(rows.map(() => 0));
  });

  it('re-chunks a changed file and removes its stale chunks from both stores', async () => {
    const section = (topic: string) => Array.from({ length: 14 }, (_, i) => `Conseil ${i} sur ${topic} pour bien réussir.`).join(' ');
    await writeFile(join(dir, 'emploi/entretien.md'), `# Entretien\n\n## Avant\n\n${section('la préparation')}\n\n## Après\n\n${section('la relance')}\n`);
    await run();
    const before = await database.sql<{ id: string }[]>`select id from chunks where document_id = 'emploi/entretien.md' order by ord`;
    expect(before.length).toBeGreaterThan(1);
    await writeFile(join(dir, 'emploi/entretien.md'), '---\ntitle: "Entretien"\naudience: youth\n---\n# Entretien\n\nUn seul paragraphe sur la visio : teste ta caméra la veille.\n');
    vectors.upserted = [];
    const summary = await run();
    expect(summary).toMatchObject({ updated: 1, added: 0, chunks: 1 });
    const after = await database.sql<{ id: string; text: string }[]>`select id, text from chunks where document_id = 'emploi/entretien.md'`;
    expect(after).toEqual([{ id: 'emploi/entretien.md#0', text: 'Un seul paragraphe sur la visio : teste ta caméra la veille.' }]);
    expect(vectors.upserted).toEqual(['emploi/entretien.md#0']);
    expect(vectors.deleted.sort()).toEqual(before.map((c) => c.id).filter((id) => id !== 'emploi/entretien.md#0').sort());
  });

  it('deletes a removed file from PostgreSQL and from the vector index', async () => {
    await run();
    const ids = (await database.sql<{ id: string }[]>`select id from chunks where document_id = 'emploi/cv.md'`).map((r) => r.id);
    const probe = new HashedEmbeddings(64).embedOne('photo sur le CV');
    const beforeHits = await vectors.query({ vector: probe, topK: 3, audiences: ['youth', 'all'] });
    expect(beforeHits.some((m) => ids.includes(m.id))).toBe(true);

    await rm(join(dir, 'emploi/cv.md'));
    const summary = await run();
    expect(summary.removed).toBe(1);
    expect(await database.sql`select 1 from documents where id = 'emploi/cv.md'`).toHaveLength(0);
    expect(await database.sql`select 1 from chunks where document_id = 'emploi/cv.md'`).toHaveLength(0);
    expect(vectors.deleted.sort()).toEqual([...ids].sort());
    const afterHits = await vectors.query({ vector: probe, topK: 10, audiences: ['youth', 'all'] });
    expect(afterHits.some((m) => ids.includes(m.id))).toBe(false);
  });

  it('skips bad files with a reason, keeps going, and ingests real PDF and DOCX files', async () => {
    dir = await writeCorpus({
      'emploi/broken.pdf': Buffer.from('%PDF-1.7\n1 0 obj << garbage'),
      'emploi/empty.md': '',
      'emploi/tableau.xlsx': Buffer.from('PK fake'),
      'public/sans-url.md': '---\ntitle: "Sans URL"\n---\nTexte public sans adresse.',
      'emploi/guide-stage.pdf': makePdf([
        { text: 'Guide du stage', size: 20 },
        { text: 'La convention de stage', size: 15 },
        { text: "La convention de stage est signée par l'école, l'entreprise et toi avant le début du stage.", size: 11 },
      ]),
      'mentors/relire.docx': await makeDocx([
        { text: 'Relire un CV', style: 'Heading1' },
        { text: 'Avec une cible', style: 'Heading2' },
        { text: "Demandez l'offre visée avant de relire le CV de votre mentoré." },
      ]),
    });
    const summary = await run();
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['emploi/broken.pdf', 'emploi/empty.md', 'emploi/tableau.xlsx', 'public/sans-url.md']);
    expect(reasons['emploi/broken.pdf']).toMatch(/PDF illisible/);
    expect(reasons['emploi/empty.md']).toMatch(/vide/);
    expect(reasons['emploi/tableau.xlsx']).toMatch(/non pris en charge/);
    expect(reasons['public/sans-url.md']).toMatch(/url/);
    expect(summary.added).toBe(Object.keys(CORPUS).length + 2);

    const pdf = await database.sql`select title, heading_path, text from chunks where document_id = 'emploi/guide-stage.pdf'`;
    expect(pdf[0]).toMatchObject({ title: 'Guide du stage', heading_path: 'Guide du stage > La convention de stage' });
    expect(pdf[0]!.text).toContain("signée par l'école");
    const docx = await database.sql`select c.heading_path, d.audience from chunks c join documents d on d.id = c.document_id where d.id = 'mentors/relire.docx'`;
    expect(docx).toEqual([{ heading_path: 'Relire un CV > Avec une cible', audience: 'mentor' }]);
  });

  it('keeps the previous version when a known file becomes unreadable', async () => {
    await run();
    await writeFile(join(dir, 'emploi/alternance.md'), '---\ntitle: [broken\n---\n');
    const summary = await run();
    expect(summary.skipped).toEqual([{ file: 'emploi/alternance.md', reason: expect.stringMatching(/version précédente conservée/) }]);
    expect(await database.sql`select 1 from chunks where document_id = 'emploi/alternance.md'`).not.toHaveLength(0);
    expect(await readFile(join(dir, 'emploi/alternance.md'), 'utf8')).toContain('broken');
  });
});
