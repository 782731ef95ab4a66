/**
 * Spine benchmark: ingress throughput (the WhatsApp inbox: persist + enqueue, as an API-only
 * process does it) against raw BullMQ `Queue.add` measured in the same run, and inbound →
 * delivered latency with the offline (hybrid, no network) answerer at 1, 10 and 100 concurrent
 * conversations, through the production composition (every charter step) in one process that
 * accepts and runs the workers (ROLE=all).
 */
import { Queue } from 'bullmq';
import { loadConfig } from '../../src/config/index.js';
import { runMigrations } from '../../src/db/migrate.js';
import { consents, identities, persons } from '../../src/db/schema.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import { redisConnection } from '../../src/queue/queues.js';
import type { Runtime } from '../../src/runtime/index.js';
import { startMaia } from '../../src/runtime/maia.js';
import { createLogger } from '../../src/log.js';

const silent = createLogger('silent');
import { percentile, pool, type BenchRow } from './util.js';

const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/maia_bench';
const QUESTIONS = ['Comment faire un bon CV ?', 'Comment préparer un entretien ?', 'Comment relancer après une candidature ?', 'Comment trouver mon mentor ?'];

async function youths(rt: Runtime, n: number): Promise<string[]> {
  const phones = Array.from({ length: n }, (_, i) => `+3375${Date.now().toString().slice(-5)}${String(i).padStart(4, '0')}`);
  const people = await rt.db.insert(persons).values(phones.map(() => ({ role: 'youth' as const, registeredBy: 'nqt' as const }))).returning({ id: persons.id });
  await rt.db.insert(identities).values(people.map((p, i) => ({ personId: p.id, channel: 'whatsapp', kind: 'phone', value: phones[i]! })));
  await rt.db.insert(consents).values(people.map((p) => ({ personId: p.id, kind: 'maia' as const, granted: true, charterVersion: rt.config.CHARTER_VERSION })));
  return phones;
}

let seq = 0;
const inbound = (from: string, text: string): InboundMessage => ({
  channel: 'whatsapp',
  channelMessageId: `bench-${process.pid}-${seq++}`,
  sender: { id: from, kind: 'phone' },
  conversationKey: from,
  kind: 'text',
  text,
  receivedAt: new Date(),
});

export async function benchSpine(): Promise<BenchRow[]> {
  await runMigrations(DB);
  const prefix = `bench${Date.now().toString(36)}`;
  const rows: BenchRow[] = [];
  const N = Number(process.env.BENCH_INGRESS_N ?? 3000);
  const CONC = 32;
  const WARM_UP = 500;

  // Baseline: raw Queue.add of a job of the same shape, same concurrency.
  const conn = redisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const raw = new Queue('raw', { connection: conn, prefix });
  const rawAdd = (i: number) => raw.add('answer', { inboundId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }, { jobId: `raw-${i}` });
  // Both sides are warmed up first (scripts loaded, connections open, code optimised).
  await pool(WARM_UP, CONC, async (i) => void (await rawAdd(N + i)));
  let t = performance.now();
  await pool(N, CONC, async (i) => void (await rawAdd(i)));
  const rawRate = N / ((performance.now() - t) / 1000);
  await raw.obliterate({ force: true });
  await raw.close();
  conn.disconnect();

  // The inbox ingress (seal, insert, queue the turn job), workers off: what an API process does.
  const config = loadConfig({ DATABASE_URL: DB, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const ingress = await startMaia(config, { adapters: {}, workers: false, log: silent });
  const phones = await youths(ingress, 300);
  await pool(WARM_UP, CONC, async (i) => {
    await ingress.inbox.accept(inbound(phones[i % phones.length]!, QUESTIONS[i % QUESTIONS.length]!));
  });
  t = performance.now();
  await pool(N, CONC, async (i) => {
    await ingress.inbox.accept(inbound(phones[i % phones.length]!, QUESTIONS[i % QUESTIONS.length]!));
  });
  const ingressRate = N / ((performance.now() - t) / 1000);
  // Nothing processes these (workers off): leave neither jobs nor rows behind.
  await ingress.queues.turn.obliterate({ force: true });
  await ingress.sql`delete from inbox where lane = ${prefix}`;
  await ingress.close();
  rows.push({ name: 'raw BullMQ Queue.add', value: rawRate, unit: 'msg/s' });
  rows.push({ name: 'inbox ingress (persist + enqueue)', value: ingressRate, unit: 'msg/s' });
  rows.push({ name: 'ingress / raw Queue.add', value: ingressRate / rawRate, unit: 'ratio', target: '≥ 0.5', ok: ingressRate / rawRate >= 0.5 });

  // Latency: inbound → handed to the channel, offline answerer, N concurrent conversations.
  const sentAt = new Map<string, (t: number) => void>();
  const adapter: ChannelAdapter = {
    channel: 'whatsapp',
    async send(m) {
      sentAt.get(m.to)?.(performance.now());
      return {};
    },
  };
  const lat = await startMaia(loadConfig({ DATABASE_URL: DB, QUEUE_PREFIX: `${prefix}l`, LOG_LEVEL: 'silent' }), { adapters: { whatsapp: adapter }, workers: true, log: silent });
  // Warm up the answerer, connections and code: a few conversations of a few questions.
  const warm = await youths(lat, 10);
  await Promise.all(
    warm.map(async (phone) => {
      for (let q = 0; q < 5; q++) {
        const done = new Promise<void>((resolve) => sentAt.set(phone, () => resolve()));
        await lat.inbox.accept(inbound(phone, QUESTIONS[q % QUESTIONS.length]!));
        await done;
      }
    }),
  );
  for (const conversations of [1, 10, 100]) {
    const people = await youths(lat, conversations);
    const samples: number[] = [];
    const perConv = conversations === 100 ? 3 : 30;
    await Promise.all(
      people.map(async (phone) => {
        for (let q = 0; q < perConv; q++) {
          const start = performance.now();
          const done = new Promise<number>((resolve) => sentAt.set(phone, resolve));
          await lat.inbox.accept(inbound(phone, QUESTIONS[q % QUESTIONS.length]!));
          samples.push((await done) - start);
        }
      }),
    );
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const at10 = conversations === 10;
    rows.push({ name: `latency p50 @ ${conversations} conv.`, value: p50, unit: 'ms', target: at10 ? '≤ 50' : undefined, ok: at10 ? p50 <= 50 : undefined });
    rows.push({ name: `latency p95 @ ${conversations} conv.`, value: p95, unit: 'ms', target: at10 ? '≤ 150' : undefined, ok: at10 ? p95 <= 150 : undefined });
  }
  await lat.close();
  return rows;
}
