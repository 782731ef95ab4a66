/**
 * Retrieval benchmark: hybrid retrieval latency (p50/p95) at 1k, 10k and 100k chunks of a
 * generated French corpus, and offline ingestion throughput (chunks/s), with plain BM25
 * (MiniSearch, in memory) measured in the same run as the baseline.
 * Own database (`maia_bench_retrieval`): it rewrites the knowledge tables.
 *
 *   npx tsx scripts/bench/retrieval.ts [--max 100000]
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { analyseQuery, defaultLexicon } from '../../src/answers/index.js';
import { HybridRetriever } from '../../src/answers/retrieval/retriever.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { ingestDirectory } from '../../src/knowledge/index.js';
import { HashedEmbeddings, LocalVectorIndex } from '../../src/providers/index.js';
import { percentile, printRows, type BenchRow } from './util.js';

const DB = process.env.BENCH_RETRIEVAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/maia_bench_retrieval';
const SECTIONS_PER_DOC = 5;
const QUERIES = 200;
const TARGET_P50_10K_MS = 15;
const TARGET_INGEST_PER_S = 200;

/** Sentences of the real knowledge base, recombined into many plausible French pages. */
async function sentencePool(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) {
        const body = (await readFile(join(dir, e.name), 'utf8')).replace(/^---[\s\S]*?---/, '');
        for (const s of body.replace(/^#.*$/gm, '').split(/(?<=[.!?])\s+/)) if (s.split(/\s+/).length >= 8 && !s.includes('|')) out.push(s.replace(/\s+/g, ' ').trim());
      }
    }
  };
  await walk('knowledge');
  return out;
}

/**
 * A long-tail vocabulary for the generated pages: recombined sentences alone would repeat
 * each sentence ~70 times at 10k chunks, so every word would be in thousands of chunks — no
 * real base looks like that. A third of the words are swapped for French words drawn with a
 * Zipf law (rank⁻¹) from the `an-array-of-french-words` list, as in natural text.
 */
function zipfWords(): () => string {
  const list = (createRequire(import.meta.url)('an-array-of-french-words') as string[]).filter((w) => w.length > 3 && !w.includes('-'));
  const words = list.slice(0, 60_000);
  const harmonic = words.reduce((s, _, i) => s + 1 / (i + 1), 0);
  const rand = rng(7);
  return () => {
    let x = rand() * harmonic;
    for (let i = 0; i < words.length; i++) if ((x -= 1 / (i + 1)) <= 0) return words[i]!;
    return words[words.length - 1]!;
  };
}

// Deterministic pseudo-random numbers: the same corpus every run.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function writeDocs(dir: string, from: number, to: number, pool: string[], word: () => string): Promise<void> {
  const rand = rng(from + 1);
  const vary = (sentence: string) => sentence.split(' ').map((w) => (w.length > 3 && rand() < 0.33 ? word() : w)).join(' ');
  const pick = () => vary(pool[Math.floor(rand() * pool.length)]!);
  for (let d = from; d < to; d++) {
    const folder = join(dir, `lot-${Math.floor(d / 1000)}`);
    if (d % 1000 === 0 || d === from) await mkdir(folder, { recursive: true });
    const sections = Array.from({ length: SECTIONS_PER_DOC }, (_, s) => {
      // ~130 words per section: no merging, no splitting, one chunk each.
      const text = Array.from({ length: 7 }, pick).join(' ');
      return `## Section ${s + 1} : ${pick().split(' ').slice(0, 5).join(' ')}\n\n${text} Référence interne ${d}-${s}.`;
    });
    const audience = d % 7 === 0 ? 'mentor' : d % 3 === 0 ? 'all' : 'youth';
    await writeFile(join(folder, `page-${d}.md`), `---\ntitle: "Fiche pratique ${d}"\naudience: ${audience}\ntopics: [bench]\n---\n# Fiche pratique ${d}\n\n${sections.join('\n\n')}\n`);
  }
}

export async function benchRetrieval(maxChunks = 100_000): Promise<BenchRow[]> {
  await runMigrations(DB);
  const database = openDatabase(DB, 4);
  const rows: BenchRow[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'maia-bench-corpus-'));
  try {
    await database.sql`delete from documents`;
    // A previous run leaves up to 100k dead rows whose index entries would slow every query.
    await database.sql`vacuum full chunks`;
    await database.sql`vacuum full documents`;
    const pool = await sentencePool();
    const word = zipfWords();
    const questions = (await readFile('test/eval/questions.jsonl', 'utf8')).trim().split('\n').map((l) => JSON.parse(l).q as string);
    const embeddings = new HashedEmbeddings(256);
    const vectors = new LocalVectorIndex(256, database.sql);
    let docs = 0;
    for (const size of [1_000, 10_000, 100_000].filter((s) => s <= maxChunks)) {
      const target = size / SECTIONS_PER_DOC;
      await writeDocs(dir, docs, target, pool, word);
      docs = target;
      const t = performance.now();
      const summary = await ingestDirectory(database, dir, { embeddings, vectors });
      const perSecond = summary.chunks / ((performance.now() - t) / 1000);
      await database.sql`vacuum analyze chunks`;
      rows.push({ name: `ingest +${summary.chunks} chunks (offline)`, value: perSecond, unit: 'ch/s', target: `≥ ${TARGET_INGEST_PER_S}`, ok: perSecond >= TARGET_INGEST_PER_S });

      const retriever = new HybridRetriever({ sql: database.sql, search: database.search, embeddings, vectors });
      const vocabulary = await retriever.vocabularyNow();
      const lexicon = defaultLexicon();
      const ask = (q: string) => retriever.retrieve(analyseQuery(q, lexicon, vocabulary), { tier: 'internal', audience: 'youth' });
      for (const q of questions.slice(0, 10)) await ask(q); // warm caches and the matrix
      const ms: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const q = questions[i % questions.length]!;
        const s = performance.now();
        await ask(q);
        ms.push(performance.now() - s);
      }
      const p50 = percentile(ms, 50);
      const isTarget = size === 10_000;
      rows.push({ name: `hybrid retrieval p50 @ ${size / 1000}k`, value: p50, unit: 'ms', ...(isTarget ? { target: `≤ ${TARGET_P50_10K_MS}`, ok: p50 <= TARGET_P50_10K_MS } : {}) });
      rows.push({ name: `hybrid retrieval p95 @ ${size / 1000}k`, value: percentile(ms, 95), unit: 'ms' });

      // Baseline in the same run: plain BM25 in memory over the same chunks (no PostgreSQL, no vectors).
      const chunkRows = await database.sql<{ id: string; text: string }[]>`select id, text from chunks`;
      const mini = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
      mini.addAll(chunkRows);
      const base: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const s = performance.now();
        mini.search(questions[i % questions.length]!, { combineWith: 'OR' });
        base.push(performance.now() - s);
      }
      rows.push({ name: `  BM25 baseline p50 @ ${size / 1000}k (in-memory)`, value: percentile(base, 50), unit: 'ms' });
      rows.push({ name: `  hybrid / baseline p50 @ ${size / 1000}k`, value: p50 / Math.max(0.001, percentile(base, 50)), unit: 'ratio' });
    }
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--max');
  const rows = await benchRetrieval(i > 0 ? Number(process.argv[i + 1]) : 100_000);
  printRows('Retrieval — hybrid latency and offline ingestion', rows);
  process.exit(0);
}
