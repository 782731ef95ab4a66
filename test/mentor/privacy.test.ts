import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, consents, pairs, persons } from '../../src/db/schema.js';
import { FRAMING, findYouth, isDeniedField, mentorStep, type ScopedYouth, type SummaryFacts } from '../../src/mentor/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import { EchoAnswerer, RecordingChannels, startTestRuntime, testConfig } from '../helpers/runtime.js';
import { ask, makePair, makeYouth } from './fixtures.js';

/** Privacy rules of Super Mentor, on the shared test database (every person here is unique to this file). */
describe('Super Mentor IA: privacy', () => {
  let rt: Runtime;
  let narrator: 'off' | 'ok' | 'fail' = 'off';
  const narrated: SummaryFacts[] = [];

  beforeAll(async () => {
    // A careless configuration that allows sensitive fields: the deny-list must still hold.
    const config = await testConfig({ ALLOWED_PROFILE_FIELDS: 'studyField,city,goals,health,religion,sexualOrientation,ethnicOrigin,handicap,politicalOpinion,unionMember' });
    rt = await startTestRuntime({
      config,
      adapters: new RecordingChannels().adapters(),
      answerer: new EchoAnswerer(),
      steps: (deps) => ({
        charter: [
          mentorStep(deps, {
            narrate: async (facts) => {
              if (narrator === 'off') return '';
              if (narrator === 'fail') throw new Error('provider down');
              narrated.push(facts);
              return 'Période active, centrée sur les entretiens.';
            },
          }),
        ],
      }),
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('never shows a sensitive profile field, even when the configuration allows it', async () => {
    const { teamsId, youth } = await makePair(rt, {
      youthFirstName: 'Noémie',
      profile: {
        studyField: 'Droit des affaires',
        city: 'Nantes',
        goals: 'Trouver un CDI, je suis diabétique',
        health: 'diabète de type 1',
        religion: 'bouddhiste',
        sexualOrientation: 'lesbienne',
        ethnicOrigin: 'zorglubienne',
        handicap: 'RQTH',
        politicalOpinion: 'militante',
        unionMember: 'adhérente syndicale',
        phone: '+33612345678',
      },
    });
    const { text, replies } = await ask(rt, teamsId, 'profil Noémie');
    expect(text).toContain('Études : Droit des affaires');
    expect(text).toContain('Ville : Nantes');
    for (const secret of ['diab', 'bouddh', 'lesbienne', 'zorglub', 'RQTH', 'militante', 'syndic', '612345678']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(replies[0]!.card)).not.toContain(secret);
    }
    expect(text.endsWith(FRAMING)).toBe(true);
    const [row] = await rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'mentor.profile.viewed'), eq(auditLog.subject, rt.pseudo(`person:${youth.id}`))));
    expect(row!.detail).toMatchObject({ as: 'mentor', fields: ['studyField', 'city', 'goals'] });
    expect(JSON.stringify(row)).not.toContain('Noémie');
  });

  it('isDeniedField: special categories by any spelling, job-search fields allowed', () => {
    for (const key of ['health', 'healthStatus', 'sante_mentale', 'religion', 'sexualOrientation', 'ethnic_origin', 'handicap', 'disability', 'politicalOpinion', 'union', 'nationality', 'criminalRecord']) {
      expect(isDeniedField(key), key).toBe(true);
    }
    for (const key of ['studyField', 'studyLevel', 'city', 'lookingFor', 'searchStage', 'goals']) expect(isDeniedField(key), key).toBe(false);
  });

  it('the latest share consent counts: a withdrawn consent closes the summary', async () => {
    const { teamsId, youth } = await makePair(rt, { youthFirstName: 'Léa', shareWithMentor: true });
    expect((await ask(rt, teamsId, 'synthèse Léa')).text).toContain('Synthèse de Léa');
    await rt.db.insert(consents).values({ personId: youth.id, kind: 'share_mentor', granted: false, charterVersion: rt.config.CHARTER_VERSION, at: new Date(Date.now() + 1000) });
    const { text } = await ask(rt, teamsId, 'synthèse Léa');
    expect(text).toContain("Léa n'a pas donné son accord");
  });

  it('a youth never asked about sharing is treated as not sharing', async () => {
    const { teamsId } = await makePair(rt, { youthFirstName: 'Hugo', shareWithMentor: null });
    expect((await ask(rt, teamsId, 'profil Hugo')).text).toContain("Hugo n'a pas donné son accord");
  });

  it('an ended pair gives no access; a suspended mentor none at all', async () => {
    const { teamsId, mentor, youth } = await makePair(rt, { youthFirstName: 'Jade' });
    await rt.db.update(pairs).set({ active: false }).where(eq(pairs.youthId, youth.id));
    expect((await ask(rt, teamsId, 'synthèse Jade')).text).toContain('Je ne trouve pas « Jade » parmi vos jeunes');
    await rt.db.update(pairs).set({ active: true }).where(eq(pairs.youthId, youth.id));
    await rt.db.update(persons).set({ status: 'suspended' }).where(eq(persons.id, mentor.id));
    expect((await ask(rt, teamsId, 'synthèse Jade')).text).toContain('réservées aux mentors et aux chargés de mission');
  });

  it('two mentees with the same first name: asks which one, then finds her with the initial', async () => {
    const { teamsId, mentor } = await makePair(rt, { youthFirstName: 'Inès', youthLastName: 'Abadie' });
    const second = await makeYouth(rt, { youthFirstName: 'Ines', youthLastName: 'Carpentier' });
    await rt.db.insert(pairs).values({ mentorId: mentor.id, youthId: second.id });
    const ambiguous = await ask(rt, teamsId, 'synthèse inès');
    expect(ambiguous.text).toContain('Plusieurs de vos jeunes correspondent à « inès » : Ines C., Inès A.');
    expect(ambiguous.text).not.toContain('Synthèse');
    expect((await ask(rt, teamsId, 'synthèse Inès C')).text).toContain("Synthèse d'Ines C.");
    expect((await ask(rt, teamsId, 'profil Inès Abadie')).text).toContain("Profil d'Inès A.");
  });

  it('findYouth: accent-, case- and hyphen-insensitive', () => {
    const y = (firstName: string, lastName: string | null = null) => ({ id: firstName, firstName, lastName }) as ScopedYouth;
    const youths = [y('Aïcha', 'Diallo'), y('Jean-Pierre', 'Roux'), y('Élodie')];
    expect(findYouth(youths, 'AICHA')).toMatchObject({ kind: 'one', youth: { firstName: 'Aïcha' } });
    expect(findYouth(youths, 'jean pierre')).toMatchObject({ kind: 'one', youth: { firstName: 'Jean-Pierre' } });
    expect(findYouth(youths, 'elodie')).toMatchObject({ kind: 'one' });
    expect(findYouth(youths, 'Aïcha D.')).toMatchObject({ kind: 'one' });
    expect(findYouth(youths, 'Aïcha Martin')).toEqual({ kind: 'none' });
    expect(findYouth(youths, 'Aï')).toEqual({ kind: 'none' });
  });

  it('an injected narrator gets facts without names or notes, and its failure costs only the paragraph', async () => {
    const { teamsId } = await makePair(rt, { youthFirstName: 'Sacha' });
    await ask(rt, teamsId, 'rdv fait avec Sacha : note très confidentielle');
    narrator = 'ok';
    const told = await ask(rt, teamsId, 'synthèse Sacha 14 jours');
    expect(told.text).toContain('En bref : Période active, centrée sur les entretiens.');
    expect(narrated.at(-1)).toMatchObject({ periodDays: 14, firstMeetingDone: true, milestones: [{ label: 'premier rendez-vous' }] });
    expect(JSON.stringify(narrated.at(-1))).not.toMatch(/Sacha|Mentor Test|confidentielle/);
    narrator = 'fail';
    const failed = await ask(rt, teamsId, 'synthèse Sacha');
    expect(failed.text).toContain('Synthèse de Sacha');
    expect(failed.text).not.toContain('En bref');
    expect(failed.text.endsWith(FRAMING)).toBe(true);
    narrator = 'off';
  });
});
