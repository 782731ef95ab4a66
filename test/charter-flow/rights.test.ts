import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../src/db/schema.js';
import { EchoAnswerer, randomPhone } from '../helpers/runtime.js';
import { startProduction, type Production } from '../helpers/maia.js';
import { association } from '../helpers/people.js';

const tables = (Object.values(schema) as unknown[]).filter((t) => typeof t === 'object' && t !== null && Symbol.for('drizzle:IsDrizzleTable') in t) as PgTable[];

/** Every row of every table, with sealed values opened, as one searchable text. */
async function everything(p: Production): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const name = getTableConfig(table).name;
    const rows = await p.runtime.db.execute(sql.raw(`select * from "${name}"`));
    for (const row of rows) {
      for (const value of Object.values(row)) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        parts.push(text);
        if (typeof value === 'string' && value.startsWith('v1.')) {
          try {
            parts.push(p.runtime.sealer.open(value));
          } catch {
            /* not ours */
          }
        }
      }
    }
  }
  return parts.join('\n');
}

async function redisDump(p: Production): Promise<string> {
  const keys = await p.runtime.redis.keys(`${p.runtime.config.QUEUE_PREFIX}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await p.runtime.redis.type(key);
    if (type === 'string') parts.push(String(await p.runtime.redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await p.runtime.redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await p.runtime.redis.lrange(key, 0, -1)));
    else if (type === 'zset') parts.push(JSON.stringify(await p.runtime.redis.zrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await p.runtime.redis.smembers(key)));
    else if (type === 'stream') parts.push(JSON.stringify(await p.runtime.redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

describe("the youth's rights", () => {
  const answerer = new EchoAnswerer();
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ answerer });
  });
  afterAll(() => p.runtime.close());

  it('SUPPRIMER erases every trace of their content from every table and from Redis', async () => {
    const a = await association(p.runtime);
    const marker = `zorglub${Math.random().toString(36).slice(2, 8)}`;
    await p.say(a.phone, `Comment parler de ${marker} en entretien ?`);
    await p.say(a.phone, `SIGNALER inexacte ${marker} est faux`);
    await p.say(a.phone, `MENTOR je veux parler de ${marker}`);
    await p.say(a.phone, '👍', { kind: 'reaction', reaction: { emoji: '👍', targetMessageId: 'x' } });
    expect(await everything(p)).toContain(marker);

    const ask = await p.say(a.phone, 'supprime mes données');
    expect(ask.out[0]!.text).toMatch(/Réponds \*\*OUI\*\* pour confirmer/);
    const done = await p.say(a.phone, 'oui');
    expect(done.out[0]!.text).toMatch(/C'est fait ✅ J'ai effacé \d+ message/);

    expect(await everything(p)).not.toContain(marker);
    expect(await redisDump(p)).not.toContain(marker);
    const left = await p.runtime.db.select().from(schema.inboundMessages).where(eq(schema.inboundMessages.personId, a.youth.id));
    expect(left).toHaveLength(0);
    const journal = await p.runtime.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'data.erased'));
    expect(journal.some((j) => j.subject === p.runtime.pseudo(`person:${a.youth.id}`))).toBe(true);
  });

  it.each(['supprimer', 'SUPRIMER', 'supprime mes données', 'Supprimer.'])('« %s » asks for the erasure confirmation', async (text) => {
    const r = await p.say((await association(p.runtime)).phone, text);
    expect(r.out[0]!.text).toMatch(/effacer \*\*tous tes échanges\*\*/);
  });

  it('NON cancels the erasure', async () => {
    const a = await association(p.runtime);
    await p.say(a.phone, 'Comment faire un CV ?');
    await p.say(a.phone, 'SUPPRIMER');
    const r = await p.say(a.phone, 'non');
    expect(r.out[0]!.text).toMatch(/rien n'a été supprimé/);
    const left = await p.runtime.db.select().from(schema.inboundMessages).where(eq(schema.inboundMessages.personId, a.youth.id));
    expect(left.length).toBeGreaterThan(0);
  });

  it('MES DONNÉES sends a complete, readable export', async () => {
    const a = await association(p.runtime);
    const questions = ['Comment faire un CV ?', 'Et la lettre de motivation ?', 'Comment relancer un recruteur ?'];
    for (const q of questions) await p.say(a.phone, q);
    const r = await p.say(a.phone, 'mes donnees');
    const text = r.out[0]!.text;
    for (const q of questions) {
      expect(text).toContain(`Toi : ${q}`);
      expect(text).toContain(`MAIA : Réponse à : ${q}`);
    }
    expect(text).toMatch(/Consentements[\s\S]*MAIA → oui[\s\S]*partage avec le mentor → oui/);
    expect(text).toMatch(/Ville|city : Lyon/);
  });

  it('sensitive spans never reach the database nor the answerer, and the youth is reminded gently', async () => {
    const a = await association(p.runtime);
    // Unique per run (the shared test database keeps other runs' rows); the key may be wrong:
    // a youth who says « sécu » is masked all the same.
    const nir = `2 91 03 75 ${String(100 + Math.floor(Math.random() * 899))} ${String(100 + Math.floor(Math.random() * 899))} 12`;
    const iban = 'FR76 3000 6000 0112 3456 7890 189';
    const r = await p.say(a.phone, `je suis enceinte, mon numéro de sécu est ${nir} et mon IBAN ${iban}, comment je négocie mon salaire ?`);
    expect(r.out.map((m) => m.kind)).toEqual(['notice', 'answer']);
    expect(r.out[0]!.text).toMatch(/masqué/);
    const asked = answerer.calls.at(-1)!.question;
    for (const secret of [nir, iban, 'enceinte']) expect(asked).not.toContain(secret);
    expect(asked).toContain('négocie mon salaire');
    const db = await everything(p);
    for (const secret of [nir, iban, 'je suis enceinte']) expect(db).not.toContain(secret);
  });

  it('SIGNALER stores the report with the answer trace; the youth is thanked', async () => {
    const a = await association(p.runtime);
    await p.say(a.phone, 'Combien de temps dure la période d’essai ?');
    const r = await p.say(a.phone, "SIGNALER obsolète c'est plus à jour");
    expect(r.out[0]!.text).toMatch(/Merci pour ton signalement/);
    const [fb] = await p.runtime.db.select().from(schema.feedback).where(eq(schema.feedback.personId, a.youth.id));
    expect(fb!.reason).toBe('obsolete');
    expect(fb!.traceId).not.toBeNull();
    expect(fb!.outboundId).not.toBeNull();
  });

  it('every message of every kind and channel carries the disclosure (or the human label)', async () => {
    const a = await association(p.runtime);
    const stranger = randomPhone();
    await p.say(stranger, 'bonjour'); // consent
    await p.say(stranger, 'je veux mourir'); // crisis + staff
    await p.say(a.phone, 'Comment faire un CV ?'); // answer
    await p.say(a.phone, 'ntm connard'); // refusal
    await p.say(a.phone, 'MENTOR'); // escalation + staff
    await p.say(a.phone, 'AIDE'); // command
    await p.say(a.phone, ''); // notice
    await p.say(a.mentorTeams, 'répondre à Inès : à jeudi !', { channel: 'teams' }); // relay (human) + command
    await p.say(a.mentorTeams, 'rendre la main', { channel: 'teams' });
    await p.say('console-user', 'oui', { channel: 'console' });
    const kinds = new Set(p.channels.sent.map((m) => m.kind));
    for (const k of ['consent', 'crisis', 'staff', 'answer', 'refusal', 'escalation', 'command', 'notice', 'relay']) expect(kinds, k).toContain(k);
    expect(new Set(p.channels.sent.map((m) => m.channel))).toEqual(new Set(['whatsapp', 'teams', 'console']));
    for (const m of p.channels.sent) {
      if (m.author === 'human') expect(m.text).toMatch(/^✍️ Message de .* \(humain, pas une IA\)\n/);
      else expect(m.text.split('\n')[0]).toBe(p.runtime.config.AI_DISCLOSURE);
    }
    // And at rest: every stored outbound row says who wrote it.
    const rows = await p.runtime.db.select().from(schema.outboundMessages);
    for (const row of rows) {
      const stored = JSON.parse(p.runtime.sealer.open(row.body)) as { label: string };
      if (row.author === 'human') expect(stored.label).toMatch(/humain, pas une IA/);
      else expect(stored.label).toBe(p.runtime.config.AI_DISCLOSURE);
    }
  });
});
