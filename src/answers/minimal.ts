import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import matter from 'gray-matter';
import MiniSearch from 'minisearch';
import type { Answerer, AnswerRequest, AnswerResult } from './answerer.js';

/**
 * A minimal answerer over `knowledge/` (BM25 via MiniSearch), used by the spine and as the
 * "plain BM25" idea; the hybrid answerer replaces it in production.
 */
export class MinimalAnswerer implements Answerer {
  private readonly search = new MiniSearch<{ id: string; title: string; text: string; audience: string; url?: string }>({
    fields: ['title', 'text'],
    storeFields: ['title', 'text', 'audience', 'url'],
    searchOptions: { fuzzy: 0.2, prefix: true, boost: { title: 2 } },
  });

  constructor(dir: string) {
    const files = walk(dir).filter((f) => f.endsWith('.md'));
    this.search.addAll(
      files.map((file) => {
        const parsed = matter(readFileSync(file, 'utf8'));
        return {
          id: relative(dir, file),
          title: String(parsed.data.title ?? relative(dir, file)),
          text: parsed.content,
          audience: String(parsed.data.audience ?? 'all'),
          url: parsed.data.url ? String(parsed.data.url) : undefined,
        };
      }),
    );
  }

  async answer(request: AnswerRequest): Promise<AnswerResult> {
    const started = performance.now();
    const allowed = request.audience === 'youth' ? ['youth', 'all'] : ['mentor', 'all'];
    const hits = this.search.search(request.question, { filter: (r) => allowed.includes(r.audience as string) });
    const best = hits[0];
    const latency = { retrieval: performance.now() - started };
    if (!best || best.score < 8) {
      return {
        kind: 'refusal',
        tier: 'none',
        reason: 'no_source',
        text: "Je ne peux pas répondre à cette question : je n'ai pas trouvé de source fiable. Écris MENTOR pour parler à un humain.",
        sources: [],
        trace: { composer: 'minimal', chunks: [], latency },
      };
    }
    const paragraph = String(best.text)
      .split(/\n\s*\n/)
      .map((p) => p.replace(/^#+\s*/gm, '').trim())
      .find((p) => p.length > 80) ?? String(best.text).slice(0, 500);
    return {
      kind: 'answer',
      tier: String(best.id).startsWith('public/') ? 'public' : 'internal',
      text: paragraph.slice(0, 900),
      sources: [{ title: String(best.title), url: best.url as string | undefined }],
      trace: { composer: 'minimal', chunks: [{ id: String(best.id), score: best.score }], latency },
    };
  }
}

function walk(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    out = statSync(path).isDirectory() ? out.concat(walk(path)) : out.concat(path);
  }
  return out;
}
