import MiniSearch from 'minisearch';
import type { Database } from '../db/client.js';
import type { Audience } from './answerer.js';
import { AUDIENCES_FOR } from './retrieval/passage.js';

interface Doc {
  id: string;
  documentId: string;
  tier: 'internal' | 'public';
  audience: string;
  title: string;
  headingPath: string;
  text: string;
}

export interface BaselineResult {
  tier: 'internal' | 'public' | 'none';
  /** Document ids, best first, deduplicated. */
  docs: string[];
  topScore: number;
}

/**
 * The comparison point: plain BM25 (MiniSearch defaults: lower-casing, no stemming, no
 * accent folding, no typo tolerance) over the same chunks with the same audience filter,
 * refusing below a fixed score. The threshold (MiniSearch scores run in the hundreds) was
 * chosen once as the value that maximises the baseline's own tier accuracy on the v1
 * question set (186 questions: 74.7 %) — generous to the baseline, and then frozen.
 */
export const BASELINE_REFUSAL_SCORE = 108;

export class Bm25Baseline {
  private constructor(private readonly index: MiniSearch<Doc>) {}

  static async load(database: Database): Promise<Bm25Baseline> {
    const rows = await database.sql<Doc[]>`
      select id, document_id as "documentId", tier, audience, title, heading_path as "headingPath", text from chunks`;
    const index = new MiniSearch<Doc>({
      fields: ['title', 'headingPath', 'text'],
      storeFields: ['documentId', 'tier', 'audience'],
    });
    index.addAll(rows);
    return new Bm25Baseline(index);
  }

  search(question: string, audience: Audience, threshold = BASELINE_REFUSAL_SCORE): BaselineResult {
    const allowed = new Set<string>(AUDIENCES_FOR[audience]);
    const hits = this.index.search(question, {
      combineWith: 'OR',
      boost: { title: 2, headingPath: 1.5 },
      filter: (r) => allowed.has(r.audience as string),
    });
    const top = hits[0];
    const docs: string[] = [];
    for (const h of hits) {
      const id = h.documentId as string;
      if (!docs.includes(id)) docs.push(id);
      if (docs.length >= 10) break;
    }
    if (!top || top.score < threshold) return { tier: 'none', docs: [], topScore: top?.score ?? 0 };
    return { tier: top.tier as 'internal' | 'public', docs, topScore: top.score };
  }
}
