import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { answerTraces, auditLog, counters, inboundMessages, outboundMessages } from '../../src/db/schema.js';
import { commitAnswer, type AnsweredQuestion } from '../../src/engine/answer-commit.js';
import { indicators } from '../../src/admin/report.js';
import type { Runtime } from '../../src/runtime/index.js';
import { EchoAnswerer, consentingYouth, startTestRuntime, whatsappText } from '../helpers/runtime.js';

/** The answer job's one-statement commit: all or nothing, once per question, no hot row. */
describe('commitAnswer', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({ answerer: new EchoAnswerer(), workers: false });
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** A question received and queued (workers off, so nobody answers it but us). */
  async function queuedQuestion(text = 'Comment préparer un entretien ?') {
    const { person, phone } = await consentingYouth(rt);
    const received = await rt.engine.receive(whatsappText(text, phone));
    const [inbound] = await rt.db.select().from(inboundMessages).where(eq(inboundMessages.id, received.inboundId!));
    expect(inbound!.answerState).toBe('queued');
    return { person, phone, inbound: inbound! };
  }

  function answered(q: Awaited<ReturnType<typeof queuedQuestion>>, dim: string, extra: Partial<AnsweredQuestion> = {}): AnsweredQuestion {
    return {
      inboundId: q.inbound.id,
      personId: q.person.id,
      conversationId: q.inbound.conversationId,
      outbound: rt.outbox.stored({
        channel: 'whatsapp',
        to: q.phone,
        kind: 'answer',
        text: 'Prépare trois exemples concrets.',
        tier: 'internal',
        sources: [{ title: 'Guide entretien', url: 'https://example.org/guide' }],
        conversationId: q.inbound.conversationId,
        subjectPersonId: q.person.id,
        recipientPersonId: q.person.id,
        causeInboundId: q.inbound.id,
      }),
      trace: { query: rt.sealer.seal('entretien'), audience: 'youth', tier: 'internal', composer: 'extractive', tailored: false, chunks: [{ id: 'c1' }], latency: { total: 3 } },
      counters: [['answers', dim]],
      ms: 3.5,
      ...extra,
    };
  }

  it('writes the reply, its trace and the question state once, however many jobs race', async () => {
    const q = await queuedQuestion();
    const dim = `t-${q.inbound.id}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => commitAnswer(rt.sql, answered(q, dim))));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);

    const replies = await rt.db.select().from(outboundMessages).where(eq(outboundMessages.causeInboundId, q.inbound.id));
    expect(replies.map((r) => r.id)).toEqual(winners);
    expect(replies[0]!.seq).toBeGreaterThan(0);
    expect(replies[0]!.sources).toEqual([{ title: 'Guide entretien', url: 'https://example.org/guide' }]);
    expect(replies[0]!.author).toBe('ai');
    // The stored body opens with the AI disclosure, like every outbound.
    expect(JSON.parse(rt.sealer.open(replies[0]!.body)).label).toContain("assisté par l'IA");
    const traces = await rt.db.select().from(answerTraces).where(eq(answerTraces.inboundId, q.inbound.id));
    expect(traces).toHaveLength(1);
    expect(traces[0]!.outboundId).toBe(winners[0]);
    expect(traces[0]!.chunks).toEqual([{ id: 'c1' }]);
    const [after] = await rt.db.select().from(inboundMessages).where(eq(inboundMessages.id, q.inbound.id));
    expect(after!.answerState).toBe('done');
    const now = new Date();
    expect((await indicators(rt.db, now, now)).answersByTier[dim]).toBe(1);
  });

  it('writes nothing for a question that is not queued any more', async () => {
    const q = await queuedQuestion();
    await rt.db.update(inboundMessages).set({ answerState: 'done' }).where(eq(inboundMessages.id, q.inbound.id));
    const dim = `t-${q.inbound.id}`;
    expect(await commitAnswer(rt.sql, answered(q, dim, { blocked: { reasons: [dim] } }))).toBeUndefined();
    expect(await blockedLines(dim)).toHaveLength(0);
    expect(await rt.db.select().from(outboundMessages).where(eq(outboundMessages.causeInboundId, q.inbound.id))).toHaveLength(0);
    expect(await rt.db.select().from(answerTraces).where(eq(answerTraces.inboundId, q.inbound.id))).toHaveLength(0);
    const rows = await rt.db.select().from(counters).where(and(eq(counters.metric, 'answers'), eq(counters.dim, dim)));
    expect(rows).toHaveLength(0);
  });

  it('spreads a counter over several rows that reports add up', async () => {
    const dim = `spread-${Date.now()}`;
    for (let i = 0; i < 40; i++) {
      const q = await queuedQuestion(`Question numéro ${i} sur le CV ?`);
      expect(await commitAnswer(rt.sql, answered(q, dim, { counters: [['answers', dim], ['refusals', dim]] }))).toBeDefined();
    }
    const rows = await rt.db.select().from(counters).where(and(eq(counters.metric, 'answers'), eq(counters.dim, dim)));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.reduce((a, r) => a + r.n, 0)).toBe(40);
    const now = new Date();
    const report = await indicators(rt.db, now, now);
    expect(report.answersByTier[dim]).toBe(40);
    expect(report.refusalsByReason[dim]).toBe(40);
  });

  it('journals a blocked answer with codes only', async () => {
    const q = await queuedQuestion();
    const code = `insult-${q.inbound.id}`; // unique: other files journal blocked answers too
    expect(await commitAnswer(rt.sql, answered(q, 'blocked-test', { blocked: { reasons: [code] } }))).toBeDefined();
    const lines = await blockedLines(code);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.detail).toEqual({ reasons: [code] });
    expect(lines[0]!.subject).toBeNull();
  });

  it('gives two questions of one conversation committed at once their own sequence numbers', async () => {
    const first = await queuedQuestion('Première question sur le CV ?');
    // A second question in the same conversation (same youth, same address).
    const received = await rt.engine.receive(whatsappText('Deuxième question sur la lettre ?', first.phone));
    const [second] = await rt.db.select().from(inboundMessages).where(eq(inboundMessages.id, received.inboundId!));
    expect(second!.conversationId).toBe(first.inbound.conversationId);
    const ids = await Promise.all([
      commitAnswer(rt.sql, answered(first, 'seq-test')),
      commitAnswer(rt.sql, answered({ ...first, inbound: second! }, 'seq-test')),
    ]);
    const rows = await rt.db.select().from(outboundMessages).where(eq(outboundMessages.conversationId, first.inbound.conversationId));
    const seqs = rows.filter((r) => ids.includes(r.id)).map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toHaveLength(2);
    expect(seqs[1]).toBe(seqs[0]! + 1);
  });

  function blockedLines(code: string) {
    return rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'answer.blocked'), sql`${auditLog.detail}->'reasons' ? ${code}`));
  }
});
