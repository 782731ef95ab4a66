import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { escalations } from '../../src/db/schema.js';
import { EchoAnswerer } from '../helpers/runtime.js';
import { startProduction, type Production } from '../helpers/maia.js';
import { association } from '../helpers/people.js';

describe('escalation lifecycle and safety', () => {
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ answerer: new EchoAnswerer(), overrides: { ESCALATION_ACK_TIMEOUT_MINUTES: '0.02' } });
  });
  afterAll(() => p.runtime.close());

  it('MENTOR reaches the mentor in Teams; they take it; the youth is told; no ack → the chargé de mission is pinged', async () => {
    const a = await association(p.runtime);
    const r = await p.say(a.phone, 'je peux parler à mon parrain ?');
    const toYouth = r.out.find((m) => m.to === a.phone)!;
    expect(toYouth.kind).toBe('escalation');
    expect(toYouth.text).toMatch(/Claire/);
    const card = r.out.find((m) => m.to === a.mentorTeams)!;
    expect(card.kind).toBe('staff');
    expect(card.card?.actions?.map((x) => x.title)).toEqual(['Je prends en charge', 'Résolu']);
    const [ticket] = await p.runtime.db.select().from(escalations).where(eq(escalations.personId, a.youth.id));
    expect(ticket).toMatchObject({ status: 'open', kind: 'human', assigneeId: a.mentor.id });

    // No acknowledgement within the (shortened) delay → the chargé de mission is pinged.
    await p.channels.waitFor((sent) => sent.some((m) => m.to === a.cdmTeams && m.text.includes('Sans prise en charge')));

    const ack = await p.say(a.mentorTeams, 'Je prends en charge', { channel: 'teams', action: { id: card.card!.actions![0]!.id }, kind: 'button' });
    expect(ack.out.find((m) => m.to === a.phone)?.text).toMatch(/Claire.*a bien reçu ta demande/);
    expect(ack.out.find((m) => m.to === a.mentorTeams)?.kind).toBe('command');
    const [after] = await p.runtime.db.select().from(escalations).where(eq(escalations.id, ticket!.id));
    expect(after!.status).toBe('acknowledged');
    expect(after!.ackBy).toBe(a.mentor.id);
  });

  it('an ALERTE goes to the alert team only, never to the mentor', async () => {
    const a = await association(p.runtime);
    const r = await p.say(a.phone, 'ALERTE mon mentor me harcèle avec des messages la nuit');
    expect(r.out.some((m) => m.to === a.mentorTeams)).toBe(false);
    const staff = r.out.filter((m) => m.kind === 'staff');
    expect(staff.map((m) => m.to)).toEqual([p.runtime.config.ALERT_CHANNEL]);
    expect(r.out.find((m) => m.to === a.phone)?.text).toMatch(/confidentielle.*pas à ton mentor/s);
    // Even later: no reminder or copy ever reaches the mentor.
    await new Promise((res) => setTimeout(res, 2000));
    expect(p.channels.to(a.mentorTeams)).toHaveLength(0);
  });

  it('distress: a fixed crisis reply with 3114 and an urgent staff message, in the same turn', async () => {
    const a = await association(p.runtime);
    const r = await p.say(a.phone, "jveu plus vivre, j'ai envie de me foutre en l'air");
    const crisis = r.out.find((m) => m.kind === 'crisis')!;
    expect(crisis.text).toContain('3114');
    for (const line of ['112', '3919', '119', '114']) expect(crisis.text).toContain(line);
    const urgent = r.out.find((m) => m.kind === 'staff')!;
    expect(urgent.to).toBe(a.cdmTeams); // the chargé de mission, not the mentor
    expect(urgent.card?.urgency).toBe('urgent');
    expect(crisis.causeInboundId).toBe(urgent.causeInboundId);
  });

  it('a youth with no mentor goes to the chargés de mission; an unknown youth to the default channel', async () => {
    const unknown = await p.say(`+3360${Math.floor(Math.random() * 1e7)}`, 'HUMAIN');
    // Unknown (never consented) youths can still ask for a human: the default channel receives it.
    const staff = unknown.out.filter((m) => m.kind === 'staff');
    expect(staff.map((m) => m.to)).toEqual([p.runtime.config.ESCALATION_CHANNEL]);
  });

  it('the mentor relays a message labelled as human, and the bot stays quiet until handed back', async () => {
    const a = await association(p.runtime);
    await p.say(a.mentorTeams, 'répondre à Inès : Bonjour Inès, on se voit jeudi ?', { channel: 'teams' });
    const relayed = p.channels.to(a.phone).at(-1)!;
    expect(relayed.author).toBe('human');
    expect(relayed.text).toMatch(/^✍️ Message de Claire \(humain, pas une IA\)/);
    expect(relayed.text).not.toMatch(/assisté par l'IA/);
    const q = await p.say(a.phone, 'Oui jeudi ça me va, à quelle heure ?');
    expect(q.out.filter((m) => m.to === a.phone)).toHaveLength(0); // bot quiet
    expect(q.out.find((m) => m.to === a.mentorTeams)?.text).toMatch(/Inès vous écrit/);
    await p.say(a.mentorTeams, 'rendre la main', { channel: 'teams' });
    const back = await p.say(a.phone, 'Comment préparer un entretien ?');
    expect(back.out.find((m) => m.to === a.phone)?.kind).toBe('answer');
  });
});
