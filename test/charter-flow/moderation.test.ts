import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, gte } from 'drizzle-orm';
import { answerTraces, auditLog } from '../../src/db/schema.js';
import type { Answerer, AnswerRequest, AnswerResult } from '../../src/answers/answerer.js';
import { Sealer } from '../../src/privacy/crypto.js';
import { randomPhone } from '../helpers/runtime.js';
import { startProduction, type Production } from '../helpers/maia.js';

/** An answerer that returns whatever the test wants a model to have written. */
class ScriptedAnswerer implements Answerer {
  next = '';
  async answer(_req: AnswerRequest): Promise<AnswerResult> {
    return { kind: 'answer', tier: 'internal', text: this.next, sources: [{ title: 'Doc' }], trace: { composer: 'llm', model: 'stand-in', chunks: [], latency: {} } };
  }
}

describe('output moderation and critical thinking', () => {
  const answerer = new ScriptedAnswerer();
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ answerer });
  });
  afterAll(() => p.runtime.close());

  it.each([
    ['moralizing', 'Tu aurais dû postuler plus tôt, c’est irresponsable de ta part.'],
    ['medical verdict', 'Ce que tu décris, c’est un burn-out : tu as une dépression.'],
    ['promise', 'NQT te garantit un emploi avant la fin du mois.'],
    ['legal verdict', 'Ton employeur est en tort, tu gagneras aux prud’hommes à coup sûr.'],
  ])('a %s answer is blocked, becomes a refusal with a human offered, and is kept for review', async (_label, bad) => {
    answerer.next = bad;
    const phone = randomPhone();
    await p.say(phone, 'oui');
    const { out } = await p.say(phone, 'Que dois-je faire pour ma situation au travail ?');
    const reply = out.find((m) => m.to === phone && (m.kind === 'answer' || m.kind === 'refusal'))!;
    expect(reply.kind).toBe('refusal');
    expect(reply.tier).toBe('none');
    expect(reply.text).toMatch(/MENTOR/);
    expect(reply.text).not.toContain(bad);
    const [trace] = await p.runtime.db.select().from(answerTraces).where(eq(answerTraces.outboundId, reply.id));
    expect(trace!.moderation).toMatchObject({ blocked: true });
    // Journaled with its reasons (codes only). Other files journal at the same time: match this one.
    const reasons = (trace!.moderation as { reasons: string[] }).reasons;
    const lines = await p.runtime.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'answer.blocked'), gte(auditLog.at, new Date(trace!.createdAt.getTime() - 5000))))
      .orderBy(desc(auditLog.id));
    expect(lines.some((l) => JSON.stringify(l.detail) === JSON.stringify({ reasons }))).toBe(true);
  });

  it('an answer about an important decision invites the youth to check and talk to their mentor', async () => {
    answerer.next = 'Une rupture conventionnelle se négocie avec ton employeur et donne droit à une indemnité.';
    const phone = randomPhone();
    await p.say(phone, 'oui');
    const { out } = await p.say(phone, 'Je pense quitter mon CDI, comment ça marche une rupture conventionnelle ?');
    const reply = out.find((m) => m.kind === 'answer')!;
    expect(reply.text).toMatch(/vérifie ces informations.*parler avec ton mentor/s);
    answerer.next = 'Pour ton CV, mets en avant tes stages.';
    const plain = (await p.say(phone, 'Comment faire un CV ?')).out.find((m) => m.kind === 'answer')!;
    expect(plain.text).not.toMatch(/décision importante/);
  });
});

describe('encryption at rest with key rotation', () => {
  it('new writes use the first key; values sealed with an older key still open', () => {
    const k = (n: number) => ({ id: `k${n}`, key: Buffer.alloc(32, n) });
    const old = new Sealer([k(1)]);
    const sealed = old.seal('message ancien');
    const rotated = new Sealer([k(2), k(1)]);
    expect(rotated.open(sealed)).toBe('message ancien');
    expect(rotated.isStale(sealed)).toBe(true);
    const fresh = rotated.seal('message neuf');
    expect(fresh.split('.')[1]).toBe('k2');
    expect(() => old.open(fresh)).toThrow();
    // Tampering is detected (GCM tag).
    const parts = fresh.split('.');
    parts[4] = Buffer.from('autre chose').toString('base64url');
    expect(() => rotated.open(parts.join('.'))).toThrow();
  });
});
