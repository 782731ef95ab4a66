import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundMessages } from '../../src/db/schema.js';
import { AppError } from '../../src/errors.js';
import type { ChannelAdapter, SealedOutbound } from '../../src/outbox/sealed.js';
import { Delivery } from '../../src/outbox/deliver.js';
import type { Runtime } from '../../src/runtime/index.js';
import { EchoAnswerer, consentingYouth, startTestRuntime, whatsappText } from '../helpers/runtime.js';

/**
 * The answer job hands its answer to the channel itself (no delivery-queue hop). What cannot
 * leave at once must still leave exactly once, through the queue.
 */
describe('answer delivery from the answer job', () => {
  let rt: Runtime | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });

  /** A WhatsApp stand-in whose first `failures` sends throw `error()`. */
  function flaky(failures: number, error: () => Error) {
    const calls: SealedOutbound[] = [];
    const delivered: SealedOutbound[] = [];
    const adapter: ChannelAdapter = {
      channel: 'whatsapp',
      async send(message) {
        calls.push(message);
        if (calls.length <= failures) throw error();
        delivered.push(message);
        return { platformMessageId: `wamid.${message.id}` };
      },
    };
    return { adapter, calls, delivered };
  }

  async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function rowOf(runtime: Runtime, phone: string) {
    const [row] = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.address, phone));
    return row;
  }

  it('sends the answer without a delivery job when the channel takes it', async () => {
    const channel = flaky(0, () => new Error('unused'));
    rt = await startTestRuntime({ adapters: { whatsapp: channel.adapter }, answerer: new EchoAnswerer() });
    const { phone } = await consentingYouth(rt);
    await rt.engine.receive(whatsappText('Comment préparer un entretien ?', phone));
    await until(async () => (await rowOf(rt!, phone))?.status === 'sent');
    const row = (await rowOf(rt, phone))!;
    expect(channel.delivered.map((m) => m.id)).toEqual([row.id]);
    expect(channel.delivered[0]!.text).toContain("assisté par l'IA");
    expect(row.platformMessageId).toBe(`wamid.${row.id}`);
    expect(await rt.queues.deliver.getJobState(`out-${row.id}`)).toBe('unknown');
  });

  it('retries through the delivery queue when the channel fails, and sends once', async () => {
    const channel = flaky(1, () => new Error('graph 503'));
    rt = await startTestRuntime({ adapters: { whatsapp: channel.adapter }, answerer: new EchoAnswerer() });
    const { phone } = await consentingYouth(rt);
    await rt.engine.receive(whatsappText('Comment relancer après une candidature ?', phone));
    await until(async () => (await rowOf(rt!, phone))?.status === 'sent');
    const row = (await rowOf(rt, phone))!;
    expect(channel.calls).toHaveLength(2);
    expect(channel.delivered.map((m) => m.id)).toEqual([row.id]);
    expect(row.attempts).toBe(2);
    await until(async () => (await rt!.queues.deliver.getJobState(`out-${row.id}`)) === 'completed');
  });

  it('marks a rejected answer failed at once, without retrying it', async () => {
    const channel = flaky(1, () => new AppError('DELIVERY_REJECTED', 'recipient not on WhatsApp'));
    rt = await startTestRuntime({ adapters: { whatsapp: channel.adapter }, answerer: new EchoAnswerer() });
    const { phone } = await consentingYouth(rt);
    await rt.engine.receive(whatsappText('Comment trouver une alternance ?', phone));
    await until(async () => (await rowOf(rt!, phone))?.status === 'failed');
    await new Promise((r) => setTimeout(r, 300));
    const row = (await rowOf(rt, phone))!;
    expect(row.error).toContain('not on WhatsApp');
    expect(channel.calls).toHaveLength(1);
    expect(await rt.queues.deliver.getJobState(`out-${row.id}`)).toBe('unknown');
  });

  it('never lets a second sender take a message another one holds, until its lease runs out', async () => {
    const channel = flaky(0, () => new Error('unused'));
    rt = await startTestRuntime({ adapters: { whatsapp: channel.adapter }, answerer: new EchoAnswerer(), workers: false });
    const { person, phone } = await consentingYouth(rt);
    const [id] = await rt.outbox.persist([{ channel: 'whatsapp', to: phone, kind: 'notice', text: 'une seule fois', subjectPersonId: person.id }]);
    // Someone claimed it a moment ago and is sending it right now.
    await rt.db.update(outboundMessages).set({ status: 'sending', statusAt: new Date() }).where(eq(outboundMessages.id, id!));
    const delivery = new Delivery({ db: rt.db, sealer: rt.sealer, adapters: { whatsapp: channel.adapter }, log: rt.log, leaseMs: 300 });
    const first = await delivery.attempt(id!, { number: 1, last: false });
    expect(first.outcome).toBe('busy');
    expect(first.retryAt).toBeGreaterThan(Date.now());
    expect(channel.calls).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 400)); // the holder died: its lease runs out
    expect((await delivery.attempt(id!, { number: 2, last: false })).outcome).toBe('sent');
    expect((await delivery.attempt(id!, { number: 3, last: false })).outcome).toBe('already-sent');
    expect(channel.calls).toHaveLength(1);
  });
});
