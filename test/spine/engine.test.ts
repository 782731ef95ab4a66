import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { inboundMessages, outboundMessages } from '../../src/db/schema.js';
import type { Runtime } from '../../src/runtime/index.js';
import { EchoAnswerer, RecordingChannels, consentingYouth, startTestRuntime, testConfig, whatsappText } from '../helpers/runtime.js';

describe('engine: idempotency and order', () => {
  const channels = new RecordingChannels();
  // Later questions answer faster: without the per-conversation order they would overtake.
  const answerer = new EchoAnswerer((q) => (q.includes('première') ? 300 : q.includes('deuxième') ? 150 : 0));
  let a: Runtime;
  let b: Runtime;

  beforeAll(async () => {
    const config = await testConfig({ ANSWER_CONCURRENCY: '4', DELIVER_CONCURRENCY: '4' });
    // Two workers (two runtimes) on the same queues, as two machines would be.
    a = await startTestRuntime({ config, adapters: channels.adapters(), answerer });
    b = await startTestRuntime({ config, adapters: channels.adapters(), answerer });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('processes the same inbound twice only once, and answers once', async () => {
    const { phone } = await consentingYouth(a);
    const msg = whatsappText('Comment préparer un entretien ?', phone);
    const first = await a.engine.receive(msg);
    const second = await b.engine.receive({ ...msg, receivedAt: new Date() });
    expect(first.outcome).toBe('accepted');
    expect(second.outcome).toBe('duplicate');
    await channels.waitFor((sent) => sent.some((m) => m.to === phone));
    await new Promise((r) => setTimeout(r, 300));
    expect(channels.to(phone)).toHaveLength(1);
    const rows = await a.db.select().from(inboundMessages).where(eq(inboundMessages.channelMessageId, msg.channelMessageId));
    expect(rows).toHaveLength(1);
  });

  it('still dedupes when the Redis key is gone (unique row is the second line)', async () => {
    const { phone } = await consentingYouth(a);
    const msg = whatsappText('Et pour la lettre de motivation ?', phone);
    await a.engine.receive(msg);
    await a.redis.del(`${a.config.QUEUE_PREFIX}:dedupe:whatsapp:${msg.channelMessageId}`);
    const again = await b.engine.receive(msg);
    expect(again.outcome).toBe('duplicate');
    await channels.waitFor((sent) => sent.some((m) => m.to === phone));
    await new Promise((r) => setTimeout(r, 300));
    expect(channels.to(phone)).toHaveLength(1);
  });

  it('answers three quick questions in the order they came, with two workers', async () => {
    const { phone } = await consentingYouth(a);
    const questions = ['première question sur le CV', 'deuxième question sur LinkedIn', 'troisième question sur le salaire'];
    for (const [i, q] of questions.entries()) {
      const rt = i % 2 === 0 ? a : b;
      await rt.engine.receive(whatsappText(q, phone));
    }
    await channels.waitFor(() => channels.to(phone).length >= 3);
    const texts = channels.to(phone).map((m) => m.body);
    expect(texts[0]).toContain('première');
    expect(texts[1]).toContain('deuxième');
    expect(texts[2]).toContain('troisième');
    let rows = await a.db.select().from(outboundMessages).where(eq(outboundMessages.address, phone));
    for (let i = 0; i < 100 && rows.some((r) => !r.sentAt); i++) {
      await new Promise((r) => setTimeout(r, 20)); // the channel saw it; the row is marked sent just after
      rows = await a.db.select().from(outboundMessages).where(eq(outboundMessages.address, phone));
    }
    expect(rows.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
    // Sent in sequence order.
    const bySeq = [...rows].sort((x, y) => x.seq - y.seq);
    for (let i = 1; i < bySeq.length; i++) expect(bySeq[i]!.sentAt!.getTime()).toBeGreaterThanOrEqual(bySeq[i - 1]!.sentAt!.getTime());
  });

  it('keeps last contact on the conversation and the person (retention reads it)', async () => {
    const { person, phone } = await consentingYouth(a);
    await a.engine.receive(whatsappText('Bonjour, une question sur les stages', phone));
    const { persons } = await import('../../src/db/schema.js');
    const [row] = await a.db.select().from(persons).where(eq(persons.id, person.id));
    expect(row!.lastInboundAt).not.toBeNull();
    expect(Date.now() - row!.lastInboundAt!.getTime()).toBeLessThan(60_000);
  });

  it('stores message bodies encrypted at rest', async () => {
    const { phone } = await consentingYouth(a);
    const msg = whatsappText('Texte très reconnaissable zorglub', phone);
    await a.engine.receive(msg);
    await channels.waitFor(() => channels.to(phone).length >= 1);
    const [row] = await a.db.select().from(inboundMessages).where(eq(inboundMessages.channelMessageId, msg.channelMessageId));
    expect(row!.body).not.toContain('zorglub');
    expect(a.sealer.open(row!.body!)).toContain('zorglub');
    const out = await a.db.select().from(outboundMessages).where(eq(outboundMessages.address, phone));
    expect(out[0]!.body).not.toContain('zorglub');
  });
});
