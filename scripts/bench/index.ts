/** `npm run bench [spine|retrieval|webhooks]`: every benchmark, each against a baseline measured in the same run. */
import { benchRetrieval } from './retrieval.js';
import { benchSpine } from './spine.js';
import { benchWebhooks } from './webhooks.js';
import { printRows, type BenchRow } from './util.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const results: { title: string; rows: BenchRow[] }[] = [];

if (want('spine')) results.push({ title: 'Spine — ingress and latency (offline answerer)', rows: await benchSpine() });
if (want('retrieval')) results.push({ title: 'Retrieval and ingestion (generated French corpus)', rows: await benchRetrieval(Number(process.env.BENCH_MAX_CHUNKS ?? 100_000)) });
if (want('webhooks')) {
  const w = (await benchWebhooks()) as Record<string, number> & { sent: number; answered: number; lost: number; duplicates: number; concurrency: number };
  results.push({
    title: `WhatsApp Cloud webhooks — burst of ${w.sent} (concurrency ${w.concurrency})`,
    rows: [
      { name: 'accepted / answered', value: w.answered!, unit: `/${w.sent}` },
      { name: 'lost', value: w.lost, unit: '', target: '0', ok: w.lost === 0 },
      { name: 'answered twice', value: w.duplicates, unit: '', target: '0', ok: w.duplicates === 0 },
      { name: 'ingress p50', value: w.ingress_p50_ms!, unit: 'ms', target: '≤ 250 (Meta)', ok: w.ingress_p50_ms! <= 250 },
      { name: 'ingress p99', value: w.ingress_p99_ms!, unit: 'ms', target: '≤ 50 (ours)', ok: w.ingress_p99_ms! <= 50 },
      { name: 'share over 1 s', value: w.ingress_over_1s_pct!, unit: '%', target: '< 1 (Meta)', ok: w.ingress_over_1s_pct! < 1 },
      { name: 'baseline /healthz p50', value: w.baseline_healthz_p50_ms!, unit: 'ms' },
      { name: 'webhook p50 / healthz p50', value: w.ratio_p50_vs_healthz!, unit: 'ratio' },
    ],
  });
}

for (const r of results) printRows(r.title, r.rows);
const failed = results.flatMap((r) => r.rows).filter((r) => r.ok === false);
console.log(failed.length ? `\n${failed.length} target(s) missed.` : '\nAll targets met.');
process.exit(0);
