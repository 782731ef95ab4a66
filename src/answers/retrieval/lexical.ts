import type { Sql } from '../../db/client.js';
import type { DocAudience, DocTier } from '../../providers/index.js';
import type { QueryTerm } from '../query.js';
import type { Passage } from './passage.js';
import type { Vocabulary } from './vocabulary.js';

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
 * forbidden passage never even leaves the database. Only the most selective words go into
 * the query (see `selectiveWords`): ranking is computed for every matching row, and one
 * common word ("mentor", "emploi") would make that every row of a large base.
 */
export async function lexicalSearch(
  search: Sql,
  terms: QueryTerm[],
  vocabulary: Vocabulary,
  filter: { tiers: readonly DocTier[]; audiences: readonly DocAudience[]; limit: number },
): Promise<LexicalHit[]> {
  const query = selectiveQuery(terms, vocabulary);
  if (!query) return [];
  // `search` sessions run with enable_seqscan = off (see `Database.search`): the GIN index is used.
  // Several tiers in one statement: the best `limit` hits of each tier.
  const rows = await search<Row[]>`
    with matched as (
      select c.id, c.tier, ts_rank_cd(${RANK_WEIGHTS}::float4[], c.tsv, q, 1) as rank
      from chunks c, to_tsquery('maia_fr', ${query}) q
      where c.tsv @@ q and c.tier = any(${[...filter.tiers]}::text[]) and c.audience = any(${[...filter.audiences]}::text[])
    ), hits as (
      select id, rank, row_number() over (partition by tier order by rank desc) as n from matched
    )
    select c.id, c.document_id, c.title, c.heading_path, c.text, c.topics, c.audience, c.tier, d.url, h.rank
    from hits h join chunks c on c.id = h.id join documents d on d.id = c.document_id
    where h.n <= ${filter.limit}
    order by h.rank desc`;
  return rows.map((r) => ({ ...toPassage(r), tsRank: r.rank ?? 0 }));
}

// Rows the ranking may have to score, estimated from document frequencies: ranking costs
// ~10 µs a row (de-TOAST + cover density), so ~800 rows keep the query under ~10 ms on two
// cores whatever the size of the base.
const MATCH_BUDGET = 800;
const MAX_WORDS = 12;

/**
 * A tsquery of the query's most selective words: rarest first while their summed document
 * frequency fits the budget. When even the rarest word is too common, the two or three
 * rarest are required together instead (their intersection is small). Common words still
 * count in the Node-side scoring; they are only kept out of candidate generation, which
 * the vector search complements.
 */
export function selectiveQuery(terms: QueryTerm[], vocabulary: Vocabulary): string {
  const words = [...new Map(terms.filter((t) => /^[a-z0-9]{2,}$/.test(t.word)).map((t) => [t.word, t])).values()]
    .map((t) => ({ word: t.word, df: vocabulary.stemDf.get(t.stem) ?? 0 }))
    .sort((a, b) => a.df - b.df);
  if (words.length === 0) return '';
  if (words[0]!.df > MATCH_BUDGET && words.length > 1) {
    const n = vocabulary.chunkCount || 1;
    const together: string[] = [];
    let expected = n;
    for (const w of words.slice(0, 3)) {
      together.push(w.word);
      expected *= w.df / n; // independence estimate of the intersection
      if (expected <= MATCH_BUDGET) break;
    }
    return together.join(' & ');
  }
  const out: string[] = [];
  let budget = 0;
  for (const w of words) {
    if (out.length >= MAX_WORDS || (out.length > 0 && budget + w.df > MATCH_BUDGET)) continue;
    out.push(w.word);
    budget += w.df;
  }
  return out.join(' | ');
}

/** Loads passages by id (vector hits the full-text search did not return), with the same filters. */
export async function fetchPassages(
  sql: Sql,
  ids: string[],
  filter: { tiers: readonly DocTier[]; audiences: readonly DocAudience[] },
): Promise<Passage[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Row[]>`
    select c.id, c.document_id, c.title, c.heading_path, c.text, c.topics, c.audience, c.tier, d.url
    from chunks c join documents d on d.id = c.document_id
    where c.id = any(${ids}::text[]) and c.tier = any(${[...filter.tiers]}::text[]) and c.audience = any(${[...filter.audiences]}::text[])`;
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
