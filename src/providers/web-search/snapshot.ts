import type { Sql } from '../../db/client.js';
import type { WebQuery, WebResult, WebSearch } from '../ports.js';
import { siteOf } from './domains.js';

/**
 * The offline "web": public-service pages saved under `knowledge/public/` and ingested as
 * tier `public` chunks. Same contract as a live engine (title, url, site, snippet), so the
 * answer side cannot tell them apart; ranking is PostgreSQL full text over the expanded terms.
 */
export class SnapshotWebSearch implements WebSearch {
  readonly kind = 'snapshot';
  constructor(private readonly sql: Sql) {}

  async search(query: WebQuery): Promise<WebResult[]> {
    const tsquery = orQuery(query.terms.length ? query.terms : query.text.split(/\s+/));
    if (!tsquery) return [];
    const limit = query.limit ?? 5;
    // One passage per page (the best one), like a search engine's result list.
    const rows = await this.sql<{ id: string; title: string; heading_path: string; text: string; url: string | null }[]>`
      select id, title, heading_path, text, url from (
        select c.id, c.title, c.heading_path, c.text, d.url,
               row_number() over (partition by c.document_id order by r.rank desc) as nth, r.rank
        from chunks c
        join documents d on d.id = c.document_id
        cross join lateral (select ts_rank_cd(c.tsv, to_tsquery('maia_fr', ${tsquery}), 1) as rank) r
        where c.tier = 'public'
          and c.audience = any(${[...query.audiences]}::text[])
          and c.tsv @@ to_tsquery('maia_fr', ${tsquery})
      ) ranked
      where nth = 1
      order by rank desc
      limit ${limit}`;
    return rows
      .filter((r) => r.url)
      .map((r) => ({
        id: r.id,
        title: r.title,
        url: r.url!,
        site: siteOf(r.url!) ?? '',
        snippet: r.text,
      }));
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
