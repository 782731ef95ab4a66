import type { Sql } from '../../db/client.js';
import type { DocAudience, DocTier, VectorIndex, VectorMatch, VectorQuery, VectorRecord } from '../ports.js';
import { VersionedCache } from './corpus-version.js';

const AUDIENCE_CODE: Record<DocAudience, number> = { youth: 1, mentor: 2, all: 4 };
const TIER_CODE: Record<DocTier, number> = { internal: 1, public: 2 };
// ~0.5 ms of work between yields at 256 dimensions.
const YIELD_EVERY = 2048;

interface Matrix {
  ids: string[];
  audience: Uint8Array;
  tier: Uint8Array;
  values: Float32Array;
}

/**
 * Exact cosine search in memory. PostgreSQL (`chunks.embedding`) is the source of truth:
 * the matrix is reloaded when the corpus version changes, so an ingestion run by another
 * process shows up here within seconds. Exact search is fine up to ~100k chunks (a 10k×256
 * scan is ~2 ms); beyond that, use Pinecone.
 */
export class LocalVectorIndex implements VectorIndex {
  readonly kind = 'local';
  private readonly cache: VersionedCache<Matrix> | undefined;
  /** Without a database (unit use), records live only here. */
  private readonly records = new Map<string, VectorRecord>();
  private memoryMatrix: Matrix | undefined;

  constructor(
    private readonly dimensions: number,
    sql?: Sql,
  ) {
    this.cache = sql ? new VersionedCache(sql, () => loadMatrix(sql, dimensions)) : undefined;
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    if (this.cache) return this.cache.invalidate(); // the rows are already in PostgreSQL
    for (const record of records) this.records.set(record.id, record);
    this.memoryMatrix = undefined;
  }

  async delete(ids: string[]): Promise<void> {
    if (this.cache) return this.cache.invalidate();
    for (const id of ids) this.records.delete(id);
    this.memoryMatrix = undefined;
  }

  async query(query: VectorQuery): Promise<VectorMatch[]> {
    const matrix = this.cache ? await this.cache.get() : (this.memoryMatrix ??= packRecords([...this.records.values()], this.dimensions));
    let audienceMask = 0;
    for (const a of query.audiences) audienceMask |= AUDIENCE_CODE[a];
    const tierCode = query.tier ? TIER_CODE[query.tier] : 0;
    const dims = this.dimensions;
    const q = query.vector;
    if (q.length !== dims) throw new Error(`query vector has ${q.length} dimensions, index has ${dims}`);
    const end4 = dims - (dims % 4);
    const top: VectorMatch[] = [];
    let floor = -Infinity;
    const values = matrix.values;
    const qv = q instanceof Float32Array ? q : Float32Array.from(q);
    for (let row = 0; row < matrix.ids.length; row++) {
      // Yield now and then: the scan is CPU work on the event loop, and the full-text query
      // running in PostgreSQL at the same time needs the loop to read its answer.
      if (row > 0 && row % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      if ((matrix.audience[row]! & audienceMask) === 0) continue;
      if (tierCode && matrix.tier[row] !== tierCode) continue;
      // Four accumulators: independent adds the JIT can pipeline (~2× over one).
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      let j = row * dims;
      let i = 0;
      for (; i < end4; i += 4, j += 4) {
        a0 += qv[i]! * values[j]!;
        a1 += qv[i + 1]! * values[j + 1]!;
        a2 += qv[i + 2]! * values[j + 2]!;
        a3 += qv[i + 3]! * values[j + 3]!;
      }
      for (; i < dims; i++, j++) a0 += qv[i]! * values[j]!;
      const dot = a0 + a1 + a2 + a3;
      if (top.length >= query.topK && dot <= floor) continue;
      insertSorted(top, { id: matrix.ids[row]!, score: dot }, query.topK);
      floor = top.length >= query.topK ? top[top.length - 1]!.score : -Infinity;
    }
    return top;
  }
}

function insertSorted(top: VectorMatch[], match: VectorMatch, k: number): void {
  let i = top.length;
  while (i > 0 && top[i - 1]!.score < match.score) i--;
  top.splice(i, 0, match);
  if (top.length > k) top.pop();
}

async function loadMatrix(sql: Sql, dimensions: number): Promise<Matrix> {
  const rows = await sql<{ id: string; audience: DocAudience; tier: DocTier; embedding: number[] | null }[]>`
    select id, audience, tier, embedding from chunks where embedding is not null`;
  const usable = rows.filter((r) => r.embedding && r.embedding.length === dimensions);
  return pack(
    usable.map((r) => ({ id: r.id, audience: r.audience, tier: r.tier, values: r.embedding! })),
    dimensions,
  );
}

function packRecords(records: VectorRecord[], dimensions: number): Matrix {
  return pack(
    records.map((r) => ({ id: r.id, audience: r.metadata.audience, tier: r.metadata.tier, values: r.values })),
    dimensions,
  );
}

function pack(rows: { id: string; audience: DocAudience; tier: DocTier; values: ArrayLike<number> }[], dimensions: number): Matrix {
  const matrix: Matrix = {
    ids: new Array<string>(rows.length),
    audience: new Uint8Array(rows.length),
    tier: new Uint8Array(rows.length),
    values: new Float32Array(rows.length * dimensions),
  };
  rows.forEach((row, i) => {
    matrix.ids[i] = row.id;
    matrix.audience[i] = AUDIENCE_CODE[row.audience] ?? 0;
    matrix.tier[i] = TIER_CODE[row.tier] ?? 0;
    matrix.values.set(row.values, i * dimensions);
  });
  return matrix;
}
