import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { formatEvalReport, meetsTargets, runEval } from '../../src/answers/index.js';
import type { Answerer, AnswerResult } from '../../src/answers/index.js';
import { corpusDatabase, offlineAnswerer } from './setup.js';

const QUESTIONS = [
  { id: 'a', q: 'faut-il une photo sur le CV ?', audience: 'youth', expect: 'internal', docs: ['emploi/cv.md'] },
  { id: 'b', q: 'mon mentor répond plus', audience: 'youth', expect: 'internal', docs: ['programme/mentor-absent.md'] },
  { id: 'c', q: "durée max de la période d'essai d'un cadre", audience: 'youth', expect: 'public', docs: ['public/periode-essai.md'] },
  { id: 'd', q: 'recette des crêpes', audience: 'youth', expect: 'none', docs: [], reason: 'out_of_scope' },
];

describe('runEval', () => {
  let database: Database;
  let file: string;
  beforeAll(async () => {
    ({ database } = await corpusDatabase('knowledge_eval'));
    file = join(tmpdir(), `maia-eval-${process.pid}.jsonl`);
    await writeFile(file, QUESTIONS.map((q) => JSON.stringify(q)).join('\n'));
  });
  afterAll(async () => database.close());

  it('measures the hybrid answerer and the BM25 baseline in the same run', async () => {
    const report = await runEval({ db: database, answerer: offlineAnswerer(database, (await corpusDatabase('knowledge_eval')).providers), file });
    expect(report).toMatchObject({ questions: 4, answerable: 3, refusable: 1 });
    expect(report.hybrid).toMatchObject({ hitAt1: 1, hitAt3: 1, mrr: 1, tierAccuracy: 1, refusalPrecision: 1, refusalRecall: 1 });
    expect(report.hybrid.latencyP95).toBeGreaterThanOrEqual(report.hybrid.latencyP50);
    expect(report.details.map((d) => d.baseline.tier)).toHaveLength(4);
    expect(formatEvalReport(report)).toMatch(/hit@1\s+100\.0 %/);
  });

  it('counts a refusal on an answerable question as a miss, and a wrong tier as such', async () => {
    const refuseAll: Answerer = {
      answer: async (): Promise<AnswerResult> => ({ kind: 'refusal', tier: 'none', reason: 'no_source', text: 'Je ne peux pas répondre', sources: [], trace: { composer: 'x', chunks: [], latency: {} } }),
    };
    const report = await runEval({ db: database, answerer: refuseAll, file });
    expect(report.hybrid).toMatchObject({ hitAt1: 0, hitAt3: 0, mrr: 0, tierAccuracy: 0.25, refusalRecall: 1, refusalPrecision: 0.25 });
    expect(meetsTargets(report)).toBe(false);
  });
});
