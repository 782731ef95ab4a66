import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { defaultLexicon } from '../../src/answers/lexicon.js';
import { analyseQuery } from '../../src/answers/query.js';
import { HybridRetriever } from '../../src/answers/retrieval/retriever.js';
import type { Providers, VectorIndex } from '../../src/providers/index.js';
import { corpusDatabase } from './setup.js';

/**
 * The retriever keeps passages it has read, by id, for the corpus version. A vector index
 * that filters badly (a misconfigured remote index) must not get a passage past the tier and
 * audience rules through that cache: cached passages are filtered like the database filters.
 */
describe('retriever passage cache', () => {
  let database: Database;
  let providers: Providers;
  beforeAll(async () => {
    ({ database, providers } = await corpusDatabase('retriever_cache'));
  });
  afterAll(async () => database.close());

  it('filters cached passages by tier and audience, as the database does', async () => {
    // Ignores the audience and tier it is asked for: every passage is a candidate.
    const leaky: VectorIndex = {
      kind: 'leaky',
      upsert: (r) => providers.vectors.upsert(r),
      delete: (ids) => providers.vectors.delete(ids),
      query: (q) => providers.vectors.query({ ...q, audiences: ['youth', 'mentor', 'all'], tier: undefined }),
    };
    const retriever = new HybridRetriever({ sql: database.sql, search: database.search, embeddings: providers.embeddings, vectors: leaky });
    const lexicon = defaultLexicon();
    const query = analyseQuery('alerter le chargé de mission quand un jeune confie des idées noires', lexicon, await retriever.vocabularyNow());

    // A mentor's retrieval reads (and caches) the mentor-only pages.
    const asMentor = await retriever.retrieveTiers(query, ['internal', 'public'], { audience: 'mentor', limit: 30 });
    expect(asMentor.internal.candidates.some((c) => c.audience === 'mentor')).toBe(true);

    // The same words from a youth, twice (the second time everything comes from the cache).
    for (let i = 0; i < 2; i++) {
      const asYouth = await retriever.retrieveTiers(query, ['internal', 'public'], { audience: 'youth', limit: 30 });
      for (const tier of ['internal', 'public'] as const) {
        expect(asYouth[tier].candidates.length).toBeGreaterThan(0);
        expect(asYouth[tier].candidates.filter((c) => c.audience === 'mentor').map((c) => c.id)).toEqual([]);
        expect(asYouth[tier].candidates.filter((c) => c.tier !== tier).map((c) => c.id)).toEqual([]);
      }
    }
  });
});
