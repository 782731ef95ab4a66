import type { Sql } from '../../db/client.js';
import type { DocAudience, DocTier } from '../../providers/index.js';
import type { QueryTerm } from '../query.js';
import type { Passage } from './passage.js';

export interface LexicalHit extends Passage {
  tsRank: number;
}

interface Row {
  id: string;
  document_id: string;
  title: string;
  heading_path: string;
  text: string;
  topics: string[];
  audience: DocAudience;
  tier: DocTier;
  url: string | null;
  rank?: number;
}

// ts_rank_cd weights for labels {D, C, B, A}: a word in the document title (A) or a heading
// (B) says more about what the passage is about than one in the body (C).
const RANK_WEIGHTS = '{0.05, 0.3, 0.6, 1.0}';

/**
 * Full-text candidates from PostgreSQL: an OR of the query's words through the `maia_fr`
 * configuration (unaccent + French Snowball), filtered by tier and audience in SQL so a
 * forbidden passage never even leaves the database.
 */
export async function lexicalSearch(
  sql: Sql,
  terms: QueryTerm[],
  filter: { tier: DocTier; audiences: readonly DocAudience[]; limit: number },
): Promise<LexicalHit[]> {
  const query = toTsQuery(terms);
  if (!query) return [];
  const rows = await sql<Row[]>`
    select c.id, c.document_id, c.title, c.heading_path, c.text, c.topics, c.audience, c.tier, d.url,
           ts_rank_cd(${RANK_WEIGHTS}::float4[], c.tsv, q, 1) as rank
    from chunks c
    join documents d on d.id = c.document_id,
         to_tsquery('maia_fr', ${query}) q
    where c.tsv @@ q and c.tier = ${filter.tier} and c.audience = any(${[...filter.audiences]}::text[])
    order by rank desc
    limit ${filter.limit}`;
  return rows.map((r) => ({ ...toPassage(r), tsRank: r.rank ?? 0 }));
}

/** Loads passages by id (vector hits the full-text search did not return), with the same filters. */
export async function fetchPassages(
  sql: Sql,
  ids: string[],
  filter: { tier: DocTier; audiences: readonly DocAudience[] },
): Promise<Passage[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Row[]>`
    select c.id, c.document_id, c.title, c.heading_path, c.text, c.topics, c.audience, c.tier, d.url
    from chunks c join documents d on d.id = c.document_id
    where c.id = any(${ids}::text[]) and c.tier = ${filter.tier} and c.audience = any(${[...filter.audiences]}::text[])`;
  return rows.map(toPassage);
}

function toPassage(r: Row): Passage {
  return {
    id: r.id,
    documentId: r.document_id,
    title: r.title,
    headingPath: r.heading_path,
    text: r.text,
    topics: r.topics ?? [],
    audience: r.audience,
    tier: r.tier,
    ...(r.url ? { url: r.url } : {}),
  };
}

/** "w1 | w2 | …" with only [a-z0-9] words: no way to inject tsquery operators. */
export function toTsQuery(terms: QueryTerm[]): string {
  const words = new Set<string>();
  for (const t of terms) if (/^[a-z0-9]{2,}$/.test(t.word)) words.add(t.word);
  return [...words].join(' | ');
}
