import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundMessages } from '../../src/db/schema.js';
import type { Config } from '../../src/config/index.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import { startTestRuntime, testConfig, consentingYouth, RecordingChannels, whatsappText } from '../helpers/runtime.js';
import { sweepQuestions } from '../../src/engine/answer-job.js';
import { uniquePrefix } from '../helpers/db.js';

/** A platform stand-in that counts what it received per outbound id. */
function platform() {
  const received: { id: string; text: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('{}');
    });
  });
  return { received, server };
}

function httpAdapter(url: string): ChannelAdapter {
  return {
    channel: 'whatsapp',
    async send(message) {
      await fetch(url, { method: 'POST', body: JSON.stringify({ id: message.id, text: message.text }) });
      return { platformMessageId: `p-${message.id}` };
    },
  };
}

async function runCrashingWorker(config: Config, platformUrl: string, killAt: string): Promise<number | null> {
  const child = fork('test/helpers/crash-worker.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: config.DATABASE_URL, REDIS_URL: config.REDIS_URL, QUEUE_PREFIX: config.QUEUE_PREFIX, LOG_LEVEL: 'silent', PLATFORM_URL: platformUrl, KILL_AT: killAt },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? null : code)));
}

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbox delivery survives a worker killed mid-flight', () => {
  const p = platform();
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((r) => p.server.close(() => r())));

  for (const killAt of ['before-send', 'after-sent'] as const) {
    it(`killed ${killAt}: delivered exactly once after restart`, async () => {
      // A short lease: the restarted worker takes over the dead one's claim quickly.
      const config = await testConfig({ QUEUE_PREFIX: uniquePrefix('crash'), DELIVER_LEASE_MS: '300' });
      const producer = await startTestRuntime({ config, workers: false });
      const { person, phone } = await consentingYouth(producer);
      const [id] = await producer.outbox.send([{ channel: 'whatsapp', to: phone, kind: 'notice', text: `crash ${killAt}`, subjectPersonId: person.id }]);
      expect(await runCrashingWorker(config, url, killAt)).toBeNull(); // it really died by SIGKILL
      const before = p.received.filter((r) => r.id === id).length;
      expect(before).toBe(killAt === 'after-sent' ? 1 : 0);

      const restarted = await startTestRuntime({ config, adapters: { whatsapp: httpAdapter(url) }, workerOptions: { stalledInterval: 300, lockDuration: 1000 } });
      try {
        await until(async () => {
          const [row] = await restarted.db.select().from(outboundMessages).where(eq(outboundMessages.id, id!));
          const job = await restarted.queues.deliver.getJob(`out-${id}`);
          return row?.status === 'sent' && (await job?.isCompleted()) === true;
        });
        expect(p.received.filter((r) => r.id === id)).toHaveLength(1);
      } finally {
        await restarted.close();
        await producer.close();
      }
    });
  }

  it('an answer whose worker dies while handing it to the channel is delivered once after restart', async () => {
    const config = await testConfig({ QUEUE_PREFIX: uniquePrefix('crashans'), DELIVER_LEASE_MS: '300' });
    const producer = await startTestRuntime({ config, workers: false });
    const { phone } = await consentingYouth(producer);
    await producer.engine.receive(whatsappText('Comment préparer un entretien ?', phone));
    // The answer job commits the answer, claims it, and the process dies inside the send.
    expect(await runCrashingWorker(config, url, 'before-send')).toBeNull();
    const [claimed] = await producer.db.select().from(outboundMessages).where(eq(outboundMessages.address, phone));
    expect(claimed?.status).toBe('sending');
    expect(p.received.filter((r) => r.id === claimed!.id)).toHaveLength(0);

    const restarted = await startTestRuntime({ config, adapters: { whatsapp: httpAdapter(url) }, workerOptions: { stalledInterval: 300, lockDuration: 1000 } });
    try {
      await until(async () => {
        const [row] = await restarted.db.select().from(outboundMessages).where(eq(outboundMessages.id, claimed!.id));
        return row?.status === 'sent';
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(p.received.filter((r) => r.id === claimed!.id)).toHaveLength(1);
    } finally {
      await restarted.close();
      await producer.close();
    }
  });

  it('a message left `sending` without a job is swept only once no send can still be under way', async () => {
    const rt = await startTestRuntime({ config: await testConfig({ QUEUE_PREFIX: uniquePrefix('sending') }), workers: false });
    try {
      const { person, phone } = await consentingYouth(rt);
      const [id] = await rt.outbox.persist([{ channel: 'whatsapp', to: phone, kind: 'answer', text: 'claimed, then the process died', subjectPersonId: person.id }]);
      await rt.db.update(outboundMessages).set({ status: 'sending', statusAt: new Date() }).where(eq(outboundMessages.id, id!));
      await rt.outbox.sweep(0); // claimed within the lease: a send may still be under way
      expect(await rt.queues.deliver.getJobState(`out-${id}`)).toBe('unknown');
      await rt.db.update(outboundMessages).set({ statusAt: new Date(Date.now() - rt.config.DELIVER_LEASE_MS - 1000) }).where(eq(outboundMessages.id, id!));
      await rt.outbox.sweep(0);
      expect(await rt.queues.deliver.getJobState(`out-${id}`)).not.toBe('unknown');
    } finally {
      await rt.close();
    }
  });

  it('a question stored but never queued (crash before the enqueue) is answered after the sweep, in its own lane only', async () => {
    const config = await testConfig({ QUEUE_PREFIX: uniquePrefix('q') });
    const producer = await startTestRuntime({ config, workers: false });
    const other = await startTestRuntime({ config: await testConfig({ QUEUE_PREFIX: uniquePrefix('other') }), workers: false });
    const channels = new RecordingChannels();
    let worker: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
    try {
      const { phone } = await consentingYouth(producer);
      const received = await producer.engine.receive(whatsappText('Comment préparer un entretien ?', phone));
      // What a crash between the insert and the enqueue leaves: the question, no job.
      await producer.queues.answer.remove(received.answerJobId!);
      expect(await producer.queues.answer.getJobState(received.answerJobId!)).toBe('unknown');

      expect(await sweepQuestions(other, 0)).toBe(0); // another lane's question: not taken
      worker = await startTestRuntime({ config, adapters: channels.adapters() });
      expect(await sweepQuestions(worker, 0)).toBeGreaterThanOrEqual(1);
      await channels.waitFor(() => channels.to(phone).length >= 1);
      expect(channels.to(phone)).toHaveLength(1);
      expect(await sweepQuestions(worker, 0)).toBe(0); // answered: nothing left to repair
    } finally {
      await worker?.close();
      await other.close();
      await producer.close();
    }
  });

  it("a sweeper never takes another lane's rows (simulate next to a running server)", async () => {
    const server = await startTestRuntime({ config: await testConfig({ QUEUE_PREFIX: uniquePrefix('srv') }), workers: false });
    const sim = await startTestRuntime({ config: await testConfig({ QUEUE_PREFIX: uniquePrefix('sim') }), workers: false });
    try {
      const { person, phone } = await consentingYouth(server);
      const [id] = await server.outbox.persist([{ channel: 'whatsapp', to: phone, kind: 'notice', text: 'for the server only', subjectPersonId: person.id }]);
      await sim.outbox.sweep(0);
      expect(await sim.queues.deliver.getJobState(`out-${id}`)).toBe('unknown');
      await server.outbox.sweep(0);
      expect(await server.queues.deliver.getJobState(`out-${id}`)).not.toBe('unknown');
    } finally {
      await server.close();
      await sim.close();
    }
  });

  it('a crash between commit and enqueue is repaired by the sweeper, once', async () => {
    const config = await testConfig({ QUEUE_PREFIX: uniquePrefix('sweep') });
    const rt = await startTestRuntime({ config, adapters: { whatsapp: httpAdapter(url) } });
    try {
      const { person, phone } = await consentingYouth(rt);
      const [id] = await rt.outbox.persist([{ channel: 'whatsapp', to: phone, kind: 'notice', text: 'persisted, never dispatched', subjectPersonId: person.id }]);
      // (The shared test database may hold other files' rows: count only ours.)
      expect(await rt.queues.deliver.getJobState(`out-${id}`)).toBe('unknown');
      expect(await rt.outbox.sweep(0)).toBeGreaterThanOrEqual(1);
      expect(await rt.queues.deliver.getJobState(`out-${id}`)).not.toBe('unknown');
      await rt.outbox.sweep(0); // already enqueued: not twice (the job id is derived from the row)
      await until(async () => p.received.some((r) => r.id === id));
      await new Promise((r) => setTimeout(r, 200));
      expect(p.received.filter((r) => r.id === id)).toHaveLength(1);
    } finally {
      await rt.close();
    }
  });
});
