/**
 * Webhook ingress under a burst: the full MAIA runtime in Cloud API mode, served on a random
 * loopback port, a local Graph API stand-in, 1,000 signed webhooks fired with bounded
 * concurrency. Measures how fast Meta gets its 200 (Meta asks median ≤ 250 ms and < 1 % over
 * 1 s; MAIA aims p99 ≤ 50 ms) and checks every message is answered exactly once.
 * Baseline in the same run: `GET /healthz` on the same server, same concurrency.
 *
 * Two topologies: `single` (default) runs everything in this process (ROLE=all), where answer
 * jobs share the event loop with the webhooks; `split` is the scaled-out production shape, an
 * API process serving webhooks and a worker process (spawned from this file) answering and
 * delivering. Run alone, the script measures both.
 *
 *   npx tsx scripts/bench/webhooks.ts        (env: BENCH_COUNT, BENCH_CONCURRENCY, BENCH_DATABASE_URL)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { createCloudChannel, signBody } from '../../adapters/whatsapp-cloud/index.js';
import { loadConfig } from '../../src/config/index.js';
import { runMigrations } from '../../src/db/migrate.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { startMaia } from '../../src/runtime/maia.js';

const SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';

const WORKER_ENV = 'MAIA_BENCH_WEBHOOKS_WORKER';

interface Options {
  count?: number;
  concurrency?: number;
  /** `single`: one process, ROLE=all (default); `split`: API and worker processes. */
  topology?: 'split' | 'single';
  /** Longest wait for all answers. */
  answerTimeoutMs?: number;
}

export async function benchWebhooks(opts: Options = {}): Promise<Record<string, number>> {
  const count = opts.count ?? Number(process.env.BENCH_COUNT ?? 1000);
  const concurrency = opts.concurrency ?? Number(process.env.BENCH_CONCURRENCY ?? 32);
  const graph = await graphStandIn();
  const topology = opts.topology ?? 'single';
  const prefix = `bench-wh-${process.pid}-${Date.now().toString(36)}`;
  const env: Record<string, string> = {
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/maia_bench',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'bench-verify',
    WHATSAPP_CLOUD_APP_SECRET: SECRET,
    WHATSAPP_CLOUD_ACCESS_TOKEN: 'bench-token',
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_CLOUD_GRAPH_URL: graph.url,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
  };
  const config = loadConfig(env);
  await runMigrations(config.DATABASE_URL);
  const log = createLogger('silent');
  const channel = createCloudChannel(config, log);
  const runtime = await startMaia(config, { adapters: { whatsapp: channel.adapter }, log, workers: topology === 'single', skipMigrations: true });
  await channel.start(runtime);
  const worker = topology === 'split' ? await spawnWorker(env) : undefined;
  const app = await buildApp({ runtime, plugins: [{ plugin: channel.plugin }] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  try {
    // Baseline: the cheapest route of the same server under the same load.
    const baseline = await burst(count, concurrency, () => fetch(`${base}/healthz`));

    const run = Date.now().toString().slice(-6);
    // One distinct French mobile number per message: 1,000 youths writing at once.
    const offset = (Number(run) * 1000) % 90_000_000;
    const senders = Array.from({ length: count }, (_, i) => `336${String(offset + i).padStart(8, '0')}`);
    const started = Date.now();
    const ingress = await burst(count, concurrency, (i) => {
      const payload = webhook(senders[i]!, `wamid.bench.${run}.${i}`, `Bonjour, comment préparer un entretien d'embauche ? (${i})`);
      return fetch(`${base}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(payload, SECRET) },
        body: payload,
      });
    });
    const accepted = ingress.statuses.filter((s) => s === 200).length;

    const deadline = Date.now() + (opts.answerTimeoutMs ?? 180_000);
    const answeredSet = () => new Set(senders.filter((s) => (graph.byRecipient.get(s) ?? []).length > 0));
    while (answeredSet().size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const allAnsweredMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2000)); // late duplicates would show up here
    const answered = answeredSet().size;
    let duplicates = 0;
    for (const s of senders) {
      const bodies = (graph.byRecipient.get(s) ?? []).map((b) => JSON.stringify(b));
      duplicates += bodies.length - new Set(bodies).size;
    }
    const p = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
    const lat = ingress.latencies;
    const results = {
      sent: count,
      accepted,
      answered,
      lost: count - answered,
      duplicates,
      ingress_p50_ms: round(p(lat, 0.5)),
      ingress_p99_ms: round(p(lat, 0.99)),
      ingress_max_ms: round(lat.at(-1) ?? NaN),
      ingress_over_1s_pct: round((100 * lat.filter((l) => l > 1000).length) / lat.length),
      baseline_healthz_p50_ms: round(p(baseline.latencies, 0.5)),
      baseline_healthz_p99_ms: round(p(baseline.latencies, 0.99)),
      ratio_p50_vs_healthz: round(p(lat, 0.5) / p(baseline.latencies, 0.5)),
      ratio_p99_vs_healthz: round(p(lat, 0.99) / p(baseline.latencies, 0.99)),
      ingress_rps: round(count / (ingress.elapsedMs / 1000)),
      all_answered_s: round(allAnsweredMs / 1000),
      concurrency,
    };
    return results;
  } finally {
    await stopWorker(worker);
    await app.close();
    await channel.stop();
    await runtime.close();
    await graph.close();
    await dropKeys(config.REDIS_URL, prefix);
  }
}

async function burst(count: number, concurrency: number, call: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const start = performance.now();
        try {
          const res = await call(i);
          await res.arrayBuffer();
          statuses.push(res.status);
        } catch {
          statuses.push(0);
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), statuses, elapsedMs: performance.now() - t0 };
}

function webhook(from: string, wamid: string, text: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Bench' }, wa_id: from }],
              messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

/** Graph API stand-in on loopback: records every message by recipient, answers a wamid. */
async function graphStandIn() {
  const byRecipient = new Map<string, unknown[]>();
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { to?: string };
      if (body.to) byRecipient.set(body.to, [...(byRecipient.get(body.to) ?? []), body]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.stand.${n++}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`,
    byRecipient,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function dropKeys(url: string, prefix: string) {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** The worker process of the split topology: this same file, started with WORKER_ENV. */
async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, [WORKER_ENV]: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => line === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`bench worker exited early (${code})`)));
  });
  return child;
}

async function stopWorker(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function runWorker(env: Record<string, string>): Promise<void> {
  const config = loadConfig(env);
  const log = createLogger('silent');
  const channel = createCloudChannel(config, log);
  const runtime = await startMaia(config, { adapters: { whatsapp: channel.adapter }, log, workers: true, skipMigrations: true });
  await channel.start(runtime);
  process.once('SIGTERM', () => {
    void runtime.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.env[WORKER_ENV]) {
  await runWorker(JSON.parse(process.env[WORKER_ENV]!) as Record<string, string>);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let ok = true;
  for (const topology of ['single', 'split'] as const) {
    const results = await benchWebhooks({ topology });
    console.log(`\n— ${topology === 'split' ? 'API process + worker process (production topology)' : 'one process, ROLE=all'}`);
    for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(26)} ${v}`);
    ok &&= results.lost === 0 && results.duplicates === 0 && results.accepted === results.sent;
  }
  console.log(ok ? '\nOK: nothing lost, nothing duplicated' : '\nFAILED: messages lost or duplicated');
  process.exit(ok ? 0 : 1);
}
