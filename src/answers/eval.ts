import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Answerer, AnswerResult } from './answerer.js';
import { Bm25Baseline } from './eval-baseline.js';

const QuestionSchema = z.object({
  id: z.string(),
  q: z.string(),
  audience: z.enum(['youth', 'mentor']),
  expect: z.enum(['internal', 'public', 'none']),
  docs: z.array(z.string()).default([]),
  reason: z.enum(['out_of_scope', 'no_source']).optional(),
});
export type EvalQuestion = z.infer<typeof QuestionSchema>;

export interface Metrics {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  tierAccuracy: number;
  refusalPrecision: number;
  refusalRecall: number;
  latencyP50: number;
  latencyP95: number;
}

export interface EvalDetail {
  id: string;
  expect: EvalQuestion['expect'];
  got: AnswerResult['tier'];
  kind: AnswerResult['kind'];
  reason?: string;
  /** 1-based rank of the first expected document, 0 when absent. */
  rank: number;
  docs: string[];
  baseline: { tier: string; rank: number; docs: string[] };
  ms: number;
}

export interface EvalReport {
  questions: number;
  answerable: number;
  refusable: number;
  hybrid: Metrics;
  baseline: Metrics;
  details: EvalDetail[];
}

export interface EvalTargets {
  hitAt3: number;
  refusalPrecision: number;
  refusalRecall: number;
  /** Hybrid hit@1 must beat the baseline's by this much. */
  hitAt1Margin: number;
}

export const EVAL_TARGETS: EvalTargets = { hitAt3: 0.9, refusalPrecision: 0.95, refusalRecall: 0.9, hitAt1Margin: 0.1 };

export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line, i) => {
    try {
      return QuestionSchema.parse(JSON.parse(line));
    } catch (err) {
      throw new Error(`${file}:${i + 1}: invalid question line (${(err as Error).message.split('\n')[0]})`);
    }
  });
}

/**
 * Runs every question through the answerer and through a plain BM25 baseline over the
 * same chunks, in the same run. A hit is an expected document among the answer's ranked
 * documents (its chunks, deduplicated); a refusal has no documents, so it is a miss on an
 * answerable question. Refusal precision/recall take "refusal" as the positive class.
 */
export async function runEval(args: { db: Database; answerer: Answerer; file: string; onProgress?: (done: number, total: number) => void }): Promise<EvalReport> {
  const questions = await readQuestions(args.file);
  const baseline = await Bm25Baseline.load(args.db);
  const details: EvalDetail[] = [];
  const baselineMs: number[] = [];
  for (const [i, question] of questions.entries()) {
    const t = performance.now();
    const result = await args.answerer.answer({ question: question.q, audience: question.audience });
    const ms = performance.now() - t;
    const docs = result.kind === 'answer' ? uniqueDocs(result.trace.chunks.map((c) => c.id)) : [];
    const tb = performance.now();
    const base = baseline.search(question.q, question.audience);
    baselineMs.push(performance.now() - tb);
    details.push({
      id: question.id,
      expect: question.expect,
      got: result.tier,
      kind: result.kind,
      ...(result.reason ? { reason: result.reason } : {}),
      rank: rankOf(docs, question.docs),
      docs: docs.slice(0, 3),
      baseline: { tier: base.tier, rank: rankOf(base.docs, question.docs), docs: base.docs.slice(0, 3) },
      ms: Math.round(ms * 100) / 100,
    });
    args.onProgress?.(i + 1, questions.length);
  }
  const hybrid = metrics(details.map((d) => ({ expect: d.expect, tier: d.got, refused: d.kind === 'refusal', rank: d.rank, ms: d.ms })));
  const base = metrics(details.map((d, i) => ({ expect: d.expect, tier: d.baseline.tier, refused: d.baseline.tier === 'none', rank: d.baseline.rank, ms: baselineMs[i]! })));
  return {
    questions: questions.length,
    answerable: details.filter((d) => d.expect !== 'none').length,
    refusable: details.filter((d) => d.expect === 'none').length,
    hybrid,
    baseline: base,
    details,
  };
}

/** True when the report meets the targets (hit@3, refusal precision/recall, margin over BM25). */
export function meetsTargets(report: EvalReport, targets: EvalTargets = EVAL_TARGETS): boolean {
  const h = report.hybrid;
  return (
    h.hitAt3 >= targets.hitAt3 &&
    h.refusalPrecision >= targets.refusalPrecision &&
    h.refusalRecall >= targets.refusalRecall &&
    h.hitAt1 >= report.baseline.hitAt1 + targets.hitAt1Margin
  );
}

/** A small table for the terminal. */
export function formatEvalReport(report: EvalReport): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rows: [string, (m: Metrics) => string][] = [
    ['hit@1', (m) => pct(m.hitAt1)],
    ['hit@3', (m) => pct(m.hitAt3)],
    ['MRR', (m) => m.mrr.toFixed(3)],
    ['tier accuracy', (m) => pct(m.tierAccuracy)],
    ['refusal precision', (m) => pct(m.refusalPrecision)],
    ['refusal recall', (m) => pct(m.refusalRecall)],
    ['latency p50', (m) => ms(m.latencyP50)],
    ['latency p95', (m) => ms(m.latencyP95)],
  ];
  const lines = [
    `${report.questions} questions (${report.answerable} answerable, ${report.refusable} to refuse)`,
    `${'metric'.padEnd(20)}${'hybrid'.padStart(12)}${'BM25 baseline'.padStart(16)}`,
    ...rows.map(([name, f]) => `${name.padEnd(20)}${f(report.hybrid).padStart(12)}${f(report.baseline).padStart(16)}`),
    `hit@1 margin over BM25: ${((report.hybrid.hitAt1 - report.baseline.hitAt1) * 100).toFixed(1)} points`,
  ];
  return lines.join('\n');
}

function metrics(rows: { expect: string; tier: string; refused: boolean; rank: number; ms: number }[]): Metrics {
  const answerable = rows.filter((r) => r.expect !== 'none');
  const refusals = rows.filter((r) => r.refused);
  const shouldRefuse = rows.filter((r) => r.expect === 'none');
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    hitAt1: ratio(answerable.filter((r) => r.rank === 1).length, answerable.length),
    hitAt3: ratio(answerable.filter((r) => r.rank >= 1 && r.rank <= 3).length, answerable.length),
    mrr: ratio(answerable.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0), answerable.length),
    tierAccuracy: ratio(rows.filter((r) => r.tier === r.expect).length, rows.length),
    refusalPrecision: ratio(refusals.filter((r) => r.expect === 'none').length, refusals.length),
    refusalRecall: ratio(shouldRefuse.filter((r) => r.refused).length, shouldRefuse.length),
    latencyP50: percentile(rows.map((r) => r.ms), 0.5),
    latencyP95: percentile(rows.map((r) => r.ms), 0.95),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

function uniqueDocs(chunkIds: string[]): string[] {
  const out: string[] = [];
  for (const id of chunkIds) {
    const doc = id.includes('#') ? id.slice(0, id.lastIndexOf('#')) : id;
    if (!out.includes(doc)) out.push(doc);
  }
  return out;
}

function rankOf(docs: string[], expected: string[]): number {
  const i = docs.findIndex((d) => expected.includes(d));
  return i === -1 ? 0 : i + 1;
}
