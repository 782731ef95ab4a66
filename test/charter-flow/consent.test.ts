import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { consents, identities } from '../../src/db/schema.js';
import { EchoAnswerer, randomPhone } from '../helpers/runtime.js';
import { startProduction, type Production } from '../helpers/maia.js';

describe('consent (GDPR, explicit)', () => {
  const answerer = new EchoAnswerer();
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ answerer });
  });
  afterAll(() => p.runtime.close());

  const latestConsent = async (phone: string, kind: 'maia' | 'share_mentor') => {
    const [id] = await p.runtime.db.select().from(identities).where(eq(identities.value, phone));
    const [c] = await p.runtime.db.select().from(consents).where(and(eq(consents.personId, id!.personId), eq(consents.kind, kind))).orderBy(desc(consents.at)).limit(1);
    return c;
  };

  it('processes nothing before the yes, then answers the pending question', async () => {
    const phone = randomPhone();
    const calls = answerer.calls.length;
    const first = await p.say(phone, 'Comment je prépare mon entretien chez Decathlon ?');
    expect(first.out.map((m) => m.kind)).toEqual(['consent']);
    const welcome = first.out[0]!.text;
    for (const must of [/une intelligence artificielle/, /dpo@nqt\.fr/, /jours au plus/, /mentor ne voit un résumé .* que si tu es d'accord/, /informations sensibles/, /OUI/]) expect(welcome).toMatch(must);
    const again = await p.say(phone, 'allo ?');
    expect(again.out.map((m) => m.kind)).toEqual(['consent']);
    expect(answerer.calls.length).toBe(calls); // the AI was never asked
    const yes = await p.say(phone, 'Oui !');
    expect(yes.out.map((m) => m.kind)).toEqual(['consent', 'answer']);
    expect(yes.out[1]!.body).toContain('Decathlon');
    expect((await latestConsent(phone, 'maia'))).toMatchObject({ granted: true, charterVersion: p.runtime.config.CHARTER_VERSION });
  });

  it.each(['oui', 'Oui !', 'ok', "d'accord", "j'accepte", '👍', 'OK', 'dac'])('accepts « %s » as a yes', async (yes) => {
    const phone = randomPhone();
    await p.say(phone, 'bonjour');
    const r = await p.say(phone, yes);
    expect(r.out[0]!.kind).toBe('consent');
    expect((await latestConsent(phone, 'maia'))?.granted).toBe(true);
  });

  it.each([
    ['AIDE', /MENTOR/],
    ['CHARTE', /documents de NQT/],
    ['STOP', /ne traite plus/],
    ['SUPPRIMER', /effacer/],
  ])('%s works before consent', async (command, expected) => {
    const r = await p.say(randomPhone(), command);
    expect(r.out[0]!.kind).toBe('command');
    expect(r.out[0]!.text).toMatch(expected);
  });

  it('a youth in danger gets the crisis reply whatever their consent', async () => {
    const r = await p.say(randomPhone(), "j'ai envie d'en finir, je veux mourir");
    expect(r.out.find((m) => m.kind === 'crisis')?.text).toContain('3114');
    expect(r.out.some((m) => m.kind === 'staff')).toBe(true);
  });

  it('STOP withdraws consent: processing stops; OUI opts in again', async () => {
    const phone = randomPhone();
    await p.say(phone, 'oui');
    const stop = await p.say(phone, 'stop');
    expect(stop.out[0]!.text).toMatch(/SUPPRIMER/); // told what happens to their data
    expect((await latestConsent(phone, 'maia'))?.granted).toBe(false);
    const calls = answerer.calls.length;
    const after = await p.say(phone, 'Comment négocier mon salaire ?');
    expect(after.out.map((m) => m.kind)).toEqual(['consent']);
    expect(answerer.calls.length).toBe(calls);
    await p.say(phone, 'OUI');
    expect((await latestConsent(phone, 'maia'))?.granted).toBe(true);
  });

  it('a new charter version asks again', async () => {
    const phone = randomPhone();
    await p.say(phone, 'oui');
    const [id] = await p.runtime.db.select().from(identities).where(eq(identities.value, phone));
    await p.runtime.db.update(consents).set({ charterVersion: 'ancienne' }).where(eq(consents.personId, id!.personId));
    const r = await p.say(phone, 'Comment faire une lettre de motivation ?');
    expect(r.out.map((m) => m.kind)).toEqual(['consent']);
    expect(r.out[0]!.text).toMatch(/mise à jour/);
  });

  it('sharing with the mentor is a separate yes/no, changeable any time', async () => {
    const phone = randomPhone();
    await p.say(phone, 'oui');
    expect(await latestConsent(phone, 'share_mentor')).toBeUndefined();
    await p.say(phone, 'PARTAGE OUI');
    expect((await latestConsent(phone, 'share_mentor'))?.granted).toBe(true);
    await p.say(phone, 'partage non');
    expect((await latestConsent(phone, 'share_mentor'))?.granted).toBe(false);
    expect((await latestConsent(phone, 'maia'))?.granted).toBe(true);
  });
});

describe('optional profile onboarding after consent', () => {
  let p: Production;
  beforeAll(async () => {
    p = await startProduction({ answerer: new EchoAnswerer() });
  });
  afterAll(() => p.runtime.close());

  it('asks what they look for and where, saves the answers, and the profile tailors later answers', async () => {
    const phone = randomPhone();
    await p.say(phone, 'oui');
    const share = await p.say(phone, 'partage oui');
    expect(share.out[0]!.text).toMatch(/stage.*alternance.*CDI/s);
    const a1 = await p.say(phone, 'une alternance');
    expect(a1.out[0]!.text).toMatch(/ville/);
    const a2 = await p.say(phone, 'lyon');
    expect(a2.out[0]!.text).toMatch(/PROFIL/);
    const [id] = await p.runtime.db.select().from(identities).where(eq(identities.value, phone));
    const { persons } = await import('../../src/db/schema.js');
    const [person] = await p.runtime.db.select().from(persons).where(eq(persons.id, id!.personId));
    expect(person!.profile).toMatchObject({ lookingFor: 'alternance', city: 'Lyon' });
  });

  it('never blocks: a question instead of an answer is answered, and the questions stop', async () => {
    const phone = randomPhone();
    await p.say(phone, 'oui');
    await p.say(phone, 'partage non');
    const q = await p.say(phone, 'Comment je fais une lettre de motivation pour un stage ?');
    expect(q.out.map((m) => m.kind)).toEqual(['answer']);
    const again = await p.say(phone, 'Et pour le CV ?');
    expect(again.out.map((m) => m.kind)).toEqual(['answer']);
  });
});
