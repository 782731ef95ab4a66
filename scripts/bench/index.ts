/** `npm run bench`: every benchmark, each reported against a baseline measured in the same run. */
import { benchSpine } from './spine.js';
import { printRows, type BenchRow } from './util.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const results: { title: string; rows: BenchRow[] }[] = [];

if (want('spine')) results.push({ title: 'Spine — ingress and latency (offline answerer)', rows: await benchSpine() });

for (const r of results) printRows(r.title, r.rows);
const failed = results.flatMap((r) => r.rows).filter((r) => r.ok === false);
console.log(failed.length ? `\n${failed.length} target(s) missed.` : '\nAll targets met.');
process.exit(0);
