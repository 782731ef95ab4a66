import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gte, sql } from 'drizzle-orm';
import { answerTraces, auditLog, chunks, documents, escalations, identities, milestones, persons } from '../../src/db/schema.js';
import { DEMO, seedDemo, type SeedSummary } from '../../src/directory/index.js';
import { FRAMING, mentorStep } from '../../src/mentor/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import { testDatabase } from '../helpers/db.js';
import { EchoAnswerer, RecordingChannels, startTestRuntime, testConfig, whatsappText } from '../helpers/runtime.js';
import { ask as askRaw, uniqueTeamsId } from './fixtures.js';

/**
 * Super Mentor on the demo directory, through the real engine, in this suite's own database
 * (it starts from an empty directory, so counts are exact).
 */
describe('Super Mentor IA on the demo directory', () => {
  const channels = new RecordingChannels();
  const every: string[] = [];
  let rt: Runtime;
  let ids: SeedSummary['ids'];
  let started: Date;
  const p = (id: string) => rt.pseudo(`person:${id}`);
  const ask = async (from: string, text: string, action?: Parameters<typeof askRaw>[3]) => {
    const r = await askRaw(rt, from, text, action);
    every.push(...r.replies.map((x) => x.text));
    return r;
  };
  const audit = (action: string) =>
    rt.db.select().from(auditLog).where(and(eq(auditLog.action, action), gte(auditLog.at, started)));

  beforeAll(async () => {
    const config = await testConfig({ DATABASE_URL: await testDatabase('mentor') });
    rt = await startTestRuntime({ config, adapters: channels.adapters(), answerer: new EchoAnswerer(), steps: (deps) => ({ charter: [mentorStep(deps)] }) });
    await rt.db.execute(sql`truncate persons, audit_log, documents cascade`);
    started = new Date();
    ids = (await seedDemo(rt.db, rt.config)).ids;

    // What Inès asked about: two answers on interviews (one also on alternance), one on a sensitive document.
    await rt.db.insert(documents).values([
      { id: 'sm-test/entretien.md', tier: 'internal', title: 'Entretien', audience: 'youth', topics: ['emploi', 'entretien', 'preparation'], hash: 'h1' },
      { id: 'sm-test/alternance.md', tier: 'internal', title: 'Alternance', audience: 'youth', topics: ['alternance', 'apprentissage'], hash: 'h2' },
      { id: 'sm-test/sante.md', tier: 'internal', title: 'Santé', audience: 'youth', topics: ['sante mentale', 'detresse', 'confiance en soi'], hash: 'h3' },
    ]);
    const chunk = (doc: string, ord: number) => ({ id: `${doc}#${ord}`, documentId: doc, ord, tier: 'internal' as const, audience: 'youth' as const, title: 't', headingPath: 'h', text: 'passage' });
    await rt.db.insert(chunks).values([chunk('sm-test/entretien.md', 0), chunk('sm-test/entretien.md', 1), chunk('sm-test/alternance.md', 0), chunk('sm-test/sante.md', 0)]);
    const trace = (ids_: string[]) => ({ personId: ids.ines, audience: 'youth', tier: 'internal', composer: 'test', chunks: ids_.map((id, i) => ({ id, score: 1 - i / 10, tier: 'internal' })) });
    await rt.db.insert(answerTraces).values([
      trace(['sm-test/entretien.md#0', 'sm-test/entretien.md#1']),
      trace(['sm-test/entretien.md#0', 'sm-test/alternance.md#0']),
      trace(['sm-test/sante.md#0']),
    ]);
    // And two real messages through the engine (the echo answerer answers them).
    await rt.engine.receive(whatsappText('Comment réussir un entretien ?', DEMO.ines.phone));
    await rt.engine.receive(whatsappText("Et pour l'alternance ?", DEMO.ines.phone));
    await channels.waitFor(() => channels.to(DEMO.ines.phone).length >= 2);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('« mes jeunes »: Claire sees her two mentees, and only them', async () => {
    const { text, replies } = await ask(DEMO.claire.teamsId, 'mes jeunes');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.kind).toBe('command');
    expect(text).toContain('Vos jeunes (2)');
    expect(text).toMatch(/Inès B\..*1er rendez-vous : fait · partage avec le mentor : oui/);
    expect(text).toMatch(/Yanis M\..*dernier échange avec Mentor IA : jamais · 1er rendez-vous : à fixer · partage avec le mentor : non/);
    expect(text).not.toContain('Aïcha');
    expect(text).not.toContain('Lucas');
    expect(replies[0]!.card?.title).toBe('Vos jeunes (2)');
    const rows = await audit('mentor.list.viewed');
    expect(rows.map((r) => r.subject).sort()).toEqual([p(ids.ines), p(ids.yanis)].sort());
    expect(rows.every((r) => r.actor === p(ids.claire))).toBe(true);
  });

  it('a mentor cannot see a youth who is not theirs, and learns nothing about them', async () => {
    const other = await ask(DEMO.claire.teamsId, 'profil Aïcha');
    const nobody = await ask(DEMO.claire.teamsId, 'profil Zoé');
    expect(other.text).toContain('Je ne trouve pas « Aïcha » parmi vos jeunes');
    // Same answer whether the youth exists elsewhere or not at all.
    expect(other.text.replace('Aïcha', 'X')).toBe(nobody.text.replace('Zoé', 'X'));
    expect(other.text).not.toContain('Finance');
    for (const text of ['synthèse Aïcha', 'rdv fait avec Aïcha : ok']) {
      expect((await ask(DEMO.claire.teamsId, text)).text).toContain('parmi vos jeunes');
    }
    expect((await ask(DEMO.thomas.teamsId, 'profil Inès')).text).toContain('Je ne trouve pas « Inès » parmi vos jeunes');
    expect(await rt.db.select().from(milestones).where(eq(milestones.youthId, ids.aicha))).toHaveLength(0);
    const viewed = [...(await audit('mentor.profile.viewed')), ...(await audit('mentor.summary.viewed'))];
    expect(viewed.filter((r) => r.subject === p(ids.aicha))).toHaveLength(0);
    const refusals = await audit('mentor.access.refused');
    expect(refusals.filter((r) => r.why === 'not_in_scope').length).toBeGreaterThanOrEqual(5);
    expect(refusals.every((r) => r.subject !== p(ids.aicha))).toBe(true);
  });

  it('refuses the summary and the profile of a youth who did not agree to share (Yanis)', async () => {
    for (const command of ['synthèse Yanis', 'profil yanis']) {
      const { text } = await ask(DEMO.claire.teamsId, command);
      expect(text).toContain("Yanis n'a pas donné son accord");
      expect(text).toContain('lui demander directement');
      expect(text).not.toContain('Informatique');
      expect(text).not.toContain('Lille');
    }
    const viewed = [...(await audit('mentor.profile.viewed')), ...(await audit('mentor.summary.viewed'))];
    expect(viewed.filter((r) => r.subject === p(ids.yanis))).toHaveLength(0);
    const refused = (await audit('mentor.access.refused')).filter((r) => r.subject === p(ids.yanis));
    expect(refused.map((r) => r.why)).toEqual(['no_share_consent', 'no_share_consent']);
  });

  it('« synthèse Inès »: facts with their sources, topics and milestones, then ideas offered as suggestions', async () => {
    const { text, replies } = await ask(DEMO.claire.teamsId, 'synthèse Inès');
    expect(text).toContain("Synthèse d'Inès B. — 30 derniers jours");
    expect(text).toContain('Thèmes abordés : entretien (2), préparation (2), alternance (1), apprentissage (1)');
    // The sensitive document is left out entirely, even its harmless tags.
    expect(text).not.toMatch(/santé|sante|détresse|detresse|confiance/i);
    expect(text).toMatch(/premier rendez-vous le \d\d\/\d\d\/\d{4} — « Premier rendez-vous : présentation/);
    expect(text).toContain('« CV revu ensemble');
    expect(text).toMatch(/Échanges avec Mentor IA : 2 messages, [45] questions traitées/);
    expect(text).toContain("D'après : 2 messages d'Inès à Mentor IA, 2 jalons notés par vous.");
    expect(text).toContain('Idées pour votre prochaine séance (suggestions, à vous de juger)');
    expect(text).toContain("simulation d'entretien");
    expect(text.endsWith(FRAMING)).toBe(true);
    expect(replies[0]!.subjectPersonId).toBe(ids.ines);
    expect(replies[0]!.card?.facts?.length).toBeGreaterThanOrEqual(4);
    const [row] = (await audit('mentor.summary.viewed')).filter((r) => r.subject === p(ids.ines));
    expect(row?.actor).toBe(p(ids.claire));
    expect(row?.detail).toMatchObject({ as: 'mentor', periodDays: 30, messages: 2, milestones: 2 });
  });

  it('a shorter period leaves older milestones out', async () => {
    const { text } = await ask(DEMO.claire.teamsId, 'synthese ines 7 jours');
    expect(text).toContain('7 derniers jours');
    expect(text).toContain('Jalons : aucun noté sur la période');
  });

  it('« profil Inès »: allowed fields and topics, with her agreement', async () => {
    const { text } = await ask(DEMO.claire.teamsId, 'profil ines');
    expect(text).toContain("Profil d'Inès B.");
    expect(text).toContain('Études : Ressources humaines');
    expect(text).toContain('Ville : Lyon');
    expect(text).toContain('Recherche : une alternance');
    expect(text).toContain('entretien (2)');
    expect((await audit('mentor.profile.viewed')).map((r) => r.subject)).toContain(p(ids.ines));
  });

  it('the chargé de mission sees all four youths of the portfolio', async () => {
    const list = await ask(DEMO.karim.teamsId, 'mes jeunes');
    expect(list.text).toContain('Votre portefeuille (4)');
    for (const name of ['Inès', 'Yanis', 'Aïcha', 'Lucas']) expect(list.text).toContain(name);
    expect(list.text).toMatch(/Lucas G\.\* — sans mentor/);
    expect(list.text).toMatch(/Aïcha D\.\* — mentor : Thomas B\./);
    expect((await ask(DEMO.karim.teamsId, "synthèse d'Aïcha")).text).toContain("Synthèse d'Aïcha D.");
    expect((await ask(DEMO.karim.teamsId, 'profil Lucas')).text).toContain("Lucas n'a pas donné son accord");
    const follow = await ask(DEMO.karim.teamsId, 'suivi');
    expect(follow.text).toMatch(/Sans mentor pour le moment\*\n- Lucas G\./);
    expect(follow.text).toMatch(/Premier rendez-vous à fixer\*\n- Aïcha D\.\n- Yanis M\./);
    const rows = (await audit('mentor.list.viewed')).filter((r) => r.actor === p(ids.karim));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => (r.detail as { as?: string }).as === 'cdm')).toBe(true);
  });

  it('alerts stay with the alert team: never counted nor listed for the mentor', async () => {
    await rt.db.insert(escalations).values([
      { personId: ids.ines, kind: 'alert', reason: 'harcelement', destination: 'alertes' },
      { personId: ids.ines, kind: 'human', reason: 'mentor', destination: DEMO.claire.teamsId, createdAt: new Date(Date.now() - 5 * 3_600_000) },
    ]);
    const follow = await ask(DEMO.claire.teamsId, 'suivi');
    expect(follow.text).toContain('Inès B. : demande à parler à un humain, depuis 5 h');
    expect(follow.text).not.toMatch(/alerte|harc/i);
    expect((await ask(DEMO.claire.teamsId, 'mes jeunes')).text).toMatch(/Inès B\..*demandes en attente : 1/);
    const summary = await ask(DEMO.claire.teamsId, 'synthèse Inès');
    expect(summary.text).toContain('Demandes à un humain : demande à parler à un humain (en attente)');
    expect(summary.text).not.toMatch(/alerte|harc/i);
    expect(summary.text).toContain('Revenir sur sa demande');
  });

  it('« rdv fait avec Yanis »: the first meeting is recorded as such, its note sealed', async () => {
    const first = await ask(DEMO.claire.teamsId, 'rdv fait avec Yanis : premier échange, CV à reprendre');
    expect(first.text).toContain("C'est noté ✅ Premier rendez-vous avec Yanis");
    const again = await ask(DEMO.claire.teamsId, 'rendez-vous avec yanis hier');
    expect(again.text).toContain("C'est noté ✅ Rendez-vous avec Yanis");
    const rows = await rt.db.select().from(milestones).where(eq(milestones.youthId, ids.yanis)).orderBy(milestones.at);
    expect(rows.map((r) => r.kind)).toEqual(['first_meeting', 'meeting']);
    expect(rows[0]!.byPersonId).toBe(ids.claire);
    expect(rows[0]!.note).not.toContain('CV à reprendre');
    expect(rt.sealer.open(rows[0]!.note!)).toBe('premier échange, CV à reprendre');
    const [yanis] = await rt.db.select().from(persons).where(eq(persons.id, ids.yanis));
    expect(yanis!.firstMeetingAt).toBeInstanceOf(Date);
    expect((await ask(DEMO.claire.teamsId, 'suivi')).text).not.toContain('Premier rendez-vous à fixer');
    expect((await audit('mentor.meeting.recorded')).map((r) => r.subject)).toEqual([p(ids.yanis), p(ids.yanis)]);
  });

  it('the meeting:record card action records for one of the mentor’s youths only', async () => {
    const notHers = await ask(DEMO.claire.teamsId, '', { id: 'meeting:record', data: { youthId: ids.aicha, note: 'x' } });
    expect(notHers.text).toContain('Je ne trouve pas ce jeune parmi vos jeunes');
    const invalid = await ask(DEMO.claire.teamsId, '', { id: 'meeting:record', data: { youthId: 'nope' } });
    expect(invalid.text).toContain("Je n'ai pas pu lire cette action");
    const ok = await ask(DEMO.claire.teamsId, '', { id: 'meeting:record', data: { youthId: ids.ines, note: 'Simulation faite' } });
    expect(ok.text).toContain("C'est noté ✅ Rendez-vous avec Inès");
    expect(await rt.db.select().from(milestones).where(eq(milestones.youthId, ids.aicha))).toHaveLength(0);
    const ines = await rt.db.select().from(milestones).where(and(eq(milestones.youthId, ids.ines), eq(milestones.kind, 'meeting')));
    expect(ines.map((m) => rt.sealer.open(m.note!))).toContain('Simulation faite');
  });

  it('staff without the chargé de mission role are refused politely; « aide » works for all', async () => {
    const teamsId = uniqueTeamsId('alert');
    const [staff] = await rt.db.insert(persons).values({ role: 'staff', staffRoles: ['alert'], firstName: 'Alex' }).returning();
    await rt.db.insert(identities).values({ personId: staff!.id, channel: 'teams', kind: 'teams', value: teamsId });
    expect((await ask(teamsId, 'mes jeunes')).text).toContain('réservées aux mentors et aux chargés de mission');
    expect((await ask(teamsId, 'profil Inès')).text).not.toContain('Lyon');
    const help = await ask(DEMO.thomas.teamsId, 'aide');
    expect(help.text).toContain('« synthèse Inès 30 jours »');
    expect(help.replies[0]!.card?.title).toBe('Super Mentor IA — commandes');
  });

  it('leaves relays, hand-backs and free questions to the next steps, and youths alone', async () => {
    for (const text of ['Comment aider un jeune qui doute de lui ?', 'répondre à Inès : bravo !', 'rendre la main']) {
      const { result, replies } = await ask(DEMO.claire.teamsId, text);
      expect(replies.filter((r) => r.kind === 'command')).toHaveLength(0);
      expect(result.answerJobId).toBeDefined();
    }
    const youth = await rt.engine.receive(whatsappText('mes jeunes', DEMO.aicha.phone));
    expect(youth.outboundIds).toHaveLength(0);
    expect(youth.answerJobId).toBeDefined();
  });

  it('journals pseudonymous ids only: no name, no phone number in the audit log', async () => {
    const rows = await rt.db.select().from(auditLog).where(gte(auditLog.at, started));
    expect(rows.length).toBeGreaterThan(10);
    const dump = JSON.stringify(rows);
    for (const secret of ['Inès', 'Ines', 'Yanis', 'Aïcha', 'Lucas', 'Claire', 'Karim', 'Thomas', 'Martin', '+3360000000', '29:mentor', 'CV revu', 'Simulation faite']) {
      expect(dump).not.toContain(secret);
    }
    expect(rows.filter((r) => r.action.startsWith('mentor.')).every((r) => r.actor.startsWith('p_') && (r.subject === null || r.subject.startsWith('p_')))).toBe(true);
  });

  it('every reply ended with the framing line', () => {
    expect(every.length).toBeGreaterThan(20);
    for (const text of every) expect(text.endsWith(FRAMING)).toBe(true);
  });
});
