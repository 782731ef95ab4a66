import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { channelEndpoints, consents, identities, milestones, pairs, persons, portfolios } from '../../src/db/schema.js';
import { DEMO, formatSeedSummary, seedDemo, type SeedSummary } from '../../src/directory/index.js';
import { Sealer } from '../../src/privacy/crypto.js';
import { testDatabase } from '../helpers/db.js';

/** seedDemo, in this suite's own database (it empties the directory first, so counts are exact). */
describe('seedDemo', () => {
  let database: Database;
  let config: Config;
  let first: SeedSummary;

  const tableCounts = async () => {
    const [row] = await database.db.execute<Record<string, number>>(sql`select
      (select count(*)::int from persons) as persons, (select count(*)::int from identities) as identities,
      (select count(*)::int from pairs) as pairs, (select count(*)::int from portfolios) as portfolios,
      (select count(*)::int from consents) as consents, (select count(*)::int from milestones) as milestones,
      (select count(*)::int from channel_endpoints) as endpoints`);
    return row;
  };
  const latestConsent = async (personId: string, kind: 'maia' | 'share_mentor') => {
    const [row] = await database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.kind, kind))).orderBy(desc(consents.at)).limit(1);
    return row;
  };

  beforeAll(async () => {
    const url = await testDatabase('directory');
    config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    database = openDatabase(url);
    await database.db.execute(sql`truncate persons, channel_endpoints cascade`);
    first = await seedDemo(database.db, config);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates exactly the demo directory', async () => {
    expect(first).toMatchObject({ created: 7, updated: 0, pairs: 3, endedPairs: 0, consents: 8, milestones: 2, endpoints: ['alertes', 'cdm-equipe'] });
    expect(await tableCounts()).toEqual({ persons: 7, identities: 7, pairs: 3, portfolios: 4, consents: 8, milestones: 2, endpoints: 2 });
    const { ids } = first;

    const people = new Map((await database.db.select().from(persons)).map((p) => [p.id, p]));
    expect(people.get(ids.claire)).toMatchObject({ role: 'mentor', firstName: 'Claire', lastName: 'Martin' });
    expect(people.get(ids.thomas)).toMatchObject({ role: 'mentor', firstName: 'Thomas', lastName: 'Bernard' });
    expect(people.get(ids.karim)).toMatchObject({ role: 'staff', staffRoles: ['cdm'], firstName: 'Karim', lastName: 'Haddad' });
    for (const key of ['ines', 'yanis', 'aicha', 'lucas'] as const) {
      expect(people.get(ids[key])).toMatchObject({ role: 'youth', firstName: DEMO[key].firstName, registeredBy: 'nqt' });
      const profile = people.get(ids[key])!.profile;
      for (const field of ['studyField', 'studyLevel', 'city', 'lookingFor', 'searchStage', 'goals']) expect(profile[field], `${key}.${field}`).toMatch(/\p{L}{2,}/u);
    }
    expect(people.get(ids.ines)!.profile).toMatchObject({ studyField: 'Ressources humaines', studyLevel: 'Master 2', city: 'Lyon', lookingFor: 'alternance' });

    const addresses = await database.db.select().from(identities);
    const address = (id: string) => addresses.find((a) => a.personId === id);
    expect(address(ids.claire)).toMatchObject({ channel: 'teams', kind: 'teams', value: '29:mentor-claire' });
    expect(address(ids.thomas)).toMatchObject({ channel: 'teams', kind: 'teams', value: '29:mentor-thomas' });
    expect(address(ids.karim)).toMatchObject({ channel: 'teams', kind: 'teams', value: '29:cdm-karim' });
    expect(address(ids.ines)).toMatchObject({ channel: 'whatsapp', kind: 'phone', value: '+33600000001' });
    expect(address(ids.yanis)?.value).toBe('+33600000002');
    expect(address(ids.aicha)?.value).toBe('+33600000003');
    expect(address(ids.lucas)?.value).toBe('+33600000004');

    const active = (await database.db.select().from(pairs).where(eq(pairs.active, true))).map((p) => `${p.mentorId}>${p.youthId}`).sort();
    expect(active).toEqual([`${ids.claire}>${ids.ines}`, `${ids.claire}>${ids.yanis}`, `${ids.thomas}>${ids.aicha}`].sort());
    const folio = (await database.db.select().from(portfolios).where(eq(portfolios.staffId, ids.karim))).map((p) => p.youthId).sort();
    expect(folio).toEqual([ids.ines, ids.yanis, ids.aicha, ids.lucas].sort());

    for (const key of ['ines', 'yanis', 'aicha', 'lucas'] as const) {
      expect(await latestConsent(ids[key], 'maia')).toMatchObject({ granted: true, charterVersion: config.CHARTER_VERSION });
      expect((await latestConsent(ids[key], 'share_mentor'))?.granted, key).toBe(key === 'ines' || key === 'aicha');
    }

    const endpoints = await database.db.select().from(channelEndpoints);
    expect(endpoints.map((e) => ({ channel: e.channel, address: e.address, alias: e.alias, ref: e.ref })).sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { channel: 'teams', address: config.ALERT_CHANNEL, alias: config.ALERT_CHANNEL, ref: {} },
      { channel: 'teams', address: config.ESCALATION_CHANNEL, alias: config.ESCALATION_CHANNEL, ref: {} },
    ]);

    const marks = await database.db.select().from(milestones).where(eq(milestones.youthId, ids.ines)).orderBy(milestones.at);
    expect(marks.map((m) => [m.kind, m.byPersonId])).toEqual([['first_meeting', ids.claire], ['meeting', ids.claire]]);
    const sealer = new Sealer(config.encryptionKeys);
    expect(marks.every((m) => !m.note!.includes('CV revu') && !m.note!.includes('Premier rendez-vous'))).toBe(true);
    expect(sealer.open(marks[0]!.note!)).toContain('Premier rendez-vous');
    expect(sealer.open(marks[1]!.note!)).toContain('CV revu');
    expect(people.get(ids.ines)!.firstMeetingAt?.getTime()).toBe(marks[0]!.at.getTime());
    expect(people.get(ids.yanis)!.firstMeetingAt).toBeNull();
  });

  it('is idempotent: a second run writes nothing', async () => {
    const before = await tableCounts();
    const again = await seedDemo(database.db, config);
    expect(again).toMatchObject({ created: 0, updated: 0, pairs: 0, endedPairs: 0, consents: 0, milestones: 0 });
    expect(again.ids).toEqual(first.ids);
    expect(await tableCounts()).toEqual(before);
  });

  it('puts the declared directory back after a demo changed it, keeping real Teams references', async () => {
    const { ids } = first;
    await database.db.update(persons).set({ firstName: 'Clara' }).where(eq(persons.id, ids.claire));
    await database.db.insert(consents).values({ personId: ids.yanis, kind: 'share_mentor', granted: true, charterVersion: config.CHARTER_VERSION });
    await database.db.insert(pairs).values({ mentorId: ids.thomas, youthId: ids.lucas });
    await database.db.update(channelEndpoints).set({ ref: { serviceUrl: 'https://smba.example' } }).where(eq(channelEndpoints.address, config.ALERT_CHANNEL));

    const restored = await seedDemo(database.db, config);
    expect(restored).toMatchObject({ created: 0, updated: 1, endedPairs: 1, consents: 1, milestones: 0 });
    expect((await database.db.select().from(persons).where(eq(persons.id, ids.claire)))[0]!.firstName).toBe('Claire');
    expect((await latestConsent(ids.yanis, 'share_mentor'))!.granted).toBe(false);
    expect(await database.db.select().from(pairs).where(and(eq(pairs.youthId, ids.lucas), eq(pairs.active, true)))).toHaveLength(0);
    const [alert] = await database.db.select().from(channelEndpoints).where(eq(channelEndpoints.address, config.ALERT_CHANNEL));
    expect(alert!.ref).toEqual({ serviceUrl: 'https://smba.example' });
  });

  it('exposes the demo addresses and prints a summary for the CLI', () => {
    expect(DEMO.claire.teamsId).toBe('29:mentor-claire');
    expect(DEMO.thomas.teamsId).toBe('29:mentor-thomas');
    expect(DEMO.karim.teamsId).toBe('29:cdm-karim');
    expect([DEMO.ines.phone, DEMO.yanis.phone, DEMO.aicha.phone, DEMO.lucas.phone]).toEqual(['+33600000001', '+33600000002', '+33600000003', '+33600000004']);
    expect(formatSeedSummary(first)).toContain('maia chat --as mentor --user 29:mentor-claire');
  });
});
