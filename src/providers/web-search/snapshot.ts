import type { Sql } from '../../db/client.js';
import type { EmbeddingProvider, VectorIndex, WebQuery, WebResult, WebSearch } from '../ports.js';
import { siteOf } from './domains.js';

interface Row {
  id: string;
  document_id: string;
  title: string;
  text: string;
  url: string | null;
  rank: number | null;
}

// Ranks are fused, not scores: ts_rank_cd and cosine live on different scales.
const RRF_K = 10;
const POOL = 20;

/**
 * The offline "web": public-service pages saved under `knowledge/public/` and ingested as
 * tier `public` chunks. Same contract as a live engine (title, url, site, snippet), so the
 * answer side cannot tell them apart. Ranking: PostgreSQL full text over the expanded
 * terms fused with the vector index, one passage per page — like a results page.
 */
export class SnapshotWebSearch implements WebSearch {
  readonly kind = 'snapshot';
  constructor(
    private readonly sql: Sql,
    private readonly vectorSearch?: { embeddings: EmbeddingProvider; vectors: VectorIndex },
  ) {}

  async search(query: WebQuery): Promise<WebResult[]> {
    const limit = query.limit ?? 5;
    const audiences = [...query.audiences];
    const tsquery = orQuery(query.terms.length ? query.terms : query.text.split(/\s+/));
    const [lexical, vector] = await Promise.all([
      tsquery
        ? this.sql<Row[]>`
            select c.id, c.document_id, c.title, c.text, d.url,
                   ts_rank_cd('{0.05, 0.3, 0.6, 1.0}'::float4[], c.tsv, q, 1) as rank
            from chunks c join documents d on d.id = c.document_id, to_tsquery('maia_fr', ${tsquery}) q
            where c.tier = 'public' and c.audience = any(${audiences}::text[]) and c.tsv @@ q
            order by rank desc limit ${POOL}`
        : Promise.resolve([] as Row[]),
      this.vectorMatches(query, audiences),
    ]);
    const scores = new Map<string, number>();
    lexical.forEach((r, i) => scores.set(r.id, (scores.get(r.id) ?? 0) + 1 / (RRF_K + i + 1)));
    vector.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 0.8 / (RRF_K + i + 1)));
    const rows = new Map(lexical.map((r) => [r.id, r]));
    const missing = vector.filter((id) => !rows.has(id));
    if (missing.length) {
      const extra = await this.sql<Row[]>`
        select c.id, c.document_id, c.title, c.text, d.url, null::float8 as rank
        from chunks c join documents d on d.id = c.document_id
        where c.id = any(${missing}::text[]) and c.tier = 'public' and c.audience = any(${audiences}::text[])`;
      for (const r of extra) rows.set(r.id, r);
    }
    const seenPages = new Set<string>();
    const out: WebResult[] = [];
    for (const [id] of [...scores.entries()].sort((a, b) => b[1] - a[1])) {
      const row = rows.get(id);
      if (!row?.url || seenPages.has(row.document_id)) continue;
      seenPages.add(row.document_id);
      out.push({ id: row.id, title: row.title, url: row.url, site: siteOf(row.url) ?? '', snippet: row.text });
      if (out.length >= limit) break;
    }
    return out;
  }

  private async vectorMatches(query: WebQuery, audiences: WebQuery['audiences']): Promise<string[]> {
    if (!this.vectorSearch) return [];
    const [vector] = await this.vectorSearch.embeddings.embed([[query.text, ...query.terms].join(' ')], 'query');
    const matches = await this.vectorSearch.vectors.query({ vector: vector!, topK: POOL, audiences, tier: 'public' });
    return matches.map((m) => m.id);
  }
}

/** "a | b | c" from plain words; anything but letters and digits is dropped (no tsquery syntax). */
export function orQuery(words: string[]): string {
  const clean = new Set<string>();
  for (const word of words) {
    for (const part of word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/)) {
      if (part.length >= 2) clean.add(part);
    }
  }
  return [...clean].join(' | ');
}
