import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.js';
import { identities, pairs, persons, portfolios } from '../../src/db/schema.js';
import { formatImportReport, importPairsCsv, toE164 } from '../../src/directory/index.js';
import { testDatabase } from '../helpers/db.js';

const HEADER = 'mentor_teams_id,mentor_first_name,mentor_last_name,youth_phone,youth_first_name,cdm_teams_id';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const teamsId = () => `29:imp-${uid()}`;
const phone = () => `+3362${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;

/** Directory import on the shared test database: every id and number here is unique to this file's run. */
describe('importPairsCsv', () => {
  let database: Database;
  let cdm: string;
  const personOf = async (channel: string, value: string) => {
    const [row] = await database.db
      .select({ person: persons })
      .from(identities)
      .innerJoin(persons, eq(persons.id, identities.personId))
      .where(and(eq(identities.channel, channel), eq(identities.value, value)));
    return row?.person;
  };

  beforeAll(async () => {
    database = openDatabase(await testDatabase());
    cdm = teamsId();
    const [staff] = await database.db.insert(persons).values({ role: 'staff', staffRoles: ['cdm'], firstName: 'Karima', registeredBy: 'nqt' }).returning();
    await database.db.insert(identities).values({ personId: staff!.id, channel: 'teams', kind: 'teams', value: cdm });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates mentors, youths, pairs and the portfolio', async () => {
    const [m, y1, y2] = [teamsId(), phone(), phone()];
    const report = await importPairsCsv(database.db, [HEADER, `${m},Claire,Martin,${y1},Inès,${cdm}`, `${m},Claire,Martin,${y2},Yanis,`].join('\n'));
    expect(report).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
    const mentor = await personOf('teams', m);
    expect(mentor).toMatchObject({ role: 'mentor', firstName: 'Claire', lastName: 'Martin', registeredBy: 'nqt' });
    const ines = await personOf('whatsapp', y1);
    expect(ines).toMatchObject({ role: 'youth', firstName: 'Inès' });
    const [identity] = await database.db.select().from(identities).where(eq(identities.value, y1));
    expect(identity).toMatchObject({ channel: 'whatsapp', kind: 'phone' });
    const pairRows = await database.db.select().from(pairs).where(eq(pairs.mentorId, mentor!.id));
    expect(pairRows).toHaveLength(2);
    expect(pairRows.every((p) => p.active)).toBe(true);
    const folio = await database.db.select().from(portfolios).where(eq(portfolios.youthId, ines!.id));
    expect(folio).toHaveLength(1);
  });

  it('reports each bad line with its number and reason, and imports the others', async () => {
    const [m, other, good, unknownCdmYouth, taken] = [teamsId(), teamsId(), phone(), phone(), phone()];
    // A number already used by a mentor cannot become a youth.
    const [mentorWithPhone] = await database.db.insert(persons).values({ role: 'mentor', firstName: 'Paul' }).returning();
    await database.db.insert(identities).values({ personId: mentorWithPhone!.id, channel: 'whatsapp', kind: 'phone', value: taken });
    const csv = [
      HEADER,
      `${m},Claire,Martin,${good},Inès,`, // 2 ok
      `${m},Claire,Martin,,Yanis,`, // 3 no phone
      `${m},Claire,Martin,not-a-phone,Yanis,`, // 4 bad phone
      `${m},,Martin,${phone()},Yanis,`, // 5 no first name
      `${m},Claire,Martin,${unknownCdmYouth},Aïcha,29:nobody-${uid()}`, // 6 unknown chargé de mission
      `${other},Thomas,Bernard,${good},Inès,`, // 7 second mentor for the same youth
      `${m},Claire,Martin,${taken},Lucas,`, // 8 number of a mentor
      `${m},Cl@ire,Martin,${phone()},Lucas,`, // 9 odd characters
    ].join('\n');
    const report = await importPairsCsv(database.db, csv);
    expect(report.created).toBe(1);
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const reasons = Object.fromEntries(report.errors.map((e) => [e.line, e.reason]));
    expect(reasons[3]).toBe('youth_phone : numéro de téléphone invalide');
    expect(reasons[4]).toBe('youth_phone : numéro de téléphone invalide');
    expect(reasons[5]).toBe('mentor_first_name : vide');
    expect(reasons[6]).toContain('chargé·e de mission inconnu·e');
    expect(reasons[7]).toBe('ce jeune a déjà un autre mentor ligne 2');
    expect(reasons[8]).toContain('« mentor »');
    expect(reasons[9]).toBe('mentor_first_name : caractères inattendus');
    // A refused line leaves nothing behind (its own transaction rolled back).
    expect(await personOf('whatsapp', unknownCdmYouth)).toBeUndefined();
    expect(await personOf('teams', other)).toBeUndefined();
    expect(formatImportReport(report)).toContain('ligne 7 : ce jeune a déjà un autre mentor ligne 2');
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const [m, y1, y2] = [teamsId(), phone(), phone()];
    const csv = [HEADER, `${m},Claire,Martin,${y1},Inès,${cdm}`, `${m},Claire,Martin,${y2},Yanis,`].join('\n');
    await importPairsCsv(database.db, csv);
    const again = await importPairsCsv(database.db, csv);
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 2, errors: [] });
    const ids = await database.db.select({ personId: identities.personId }).from(identities).where(inArray(identities.value, [m, y1, y2]));
    expect(ids).toHaveLength(3);
    const mentor = await personOf('teams', m);
    expect(await database.db.select().from(pairs).where(eq(pairs.mentorId, mentor!.id))).toHaveLength(2);
  });

  it('updates names, and a new mentor for a youth ends the previous pair', async () => {
    const [m1, m2, y] = [teamsId(), teamsId(), phone()];
    await importPairsCsv(database.db, [HEADER, `${m1},Clare,Martin,${y},Inès,`].join('\n'));
    expect(await importPairsCsv(database.db, [HEADER, `${m1},Claire,Martin,${y},Inès,`].join('\n'))).toMatchObject({ updated: 1 });
    expect(await personOf('teams', m1)).toMatchObject({ firstName: 'Claire' });
    expect(await importPairsCsv(database.db, [HEADER, `${m2},Thomas,Bernard,${y},Inès,`].join('\n'))).toMatchObject({ created: 1 });
    const youth = await personOf('whatsapp', y);
    const rows = await database.db.select({ mentorId: pairs.mentorId, active: pairs.active }).from(pairs).where(eq(pairs.youthId, youth!.id));
    const byMentor = new Map(rows.map((r) => [r.mentorId, r.active]));
    expect(byMentor.get((await personOf('teams', m1))!.id)).toBe(false);
    expect(byMentor.get((await personOf('teams', m2))!.id)).toBe(true);
  });

  it('reads French spreadsheet exports: « ; », BOM, national phone numbers, an existing youth', async () => {
    const [m, e164] = [teamsId(), phone()];
    // The youth already wrote to MAIA on WhatsApp: the import names them, no duplicate.
    const [self] = await database.db.insert(persons).values({ role: 'youth', registeredBy: 'self' }).returning();
    await database.db.insert(identities).values({ personId: self!.id, channel: 'whatsapp', kind: 'phone', value: e164 });
    const national = `0${e164.slice(3, 4)} ${e164.slice(4, 6)} ${e164.slice(6, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;
    const csv = `\uFEFFMentor_Teams_Id;mentor_first_name;mentor_last_name;youth_phone;youth_first_name\r\n${m};Claire;Martin;${national};Inès\r\n`;
    const report = await importPairsCsv(database.db, csv);
    expect(report).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    expect(await personOf('whatsapp', e164)).toMatchObject({ id: self!.id, firstName: 'Inès' });
  });

  it('never throws: missing columns, broken quotes and empty files are reported', async () => {
    const missing = await importPairsCsv(database.db, 'mentor_teams_id,youth_phone\n29:x,+33600000009\n');
    expect(missing.errors).toEqual([{ line: 1, reason: 'colonnes manquantes : mentor_first_name, mentor_last_name, youth_first_name' }]);
    const [m, y1, y2] = [teamsId(), phone(), phone()];
    const broken = await importPairsCsv(database.db, [HEADER, `${m},Claire,Martin,${y1},Inès,`, `${m},Cla"ire,Martin,${y2},Yanis,`].join('\n'));
    expect(broken.created).toBe(1);
    expect(broken.errors).toEqual([{ line: 3, reason: 'ligne illisible : guillemet mal placé' }]);
    expect((await importPairsCsv(database.db, '')).errors[0]?.line).toBe(1);
  });

  it('toE164 normalises the ways French numbers are written', () => {
    expect(toE164('06 12 34 56 78')).toBe('+33612345678');
    expect(toE164('06.12.34.56.78')).toBe('+33612345678');
    expect(toE164('0033 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('+33 (0)6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('33612345678')).toBe('+33612345678');
    expect(toE164('+32 470 12 34 56')).toBe('+32470123456');
    expect(toE164('12')).toBeUndefined();
    expect(toE164('abc')).toBeUndefined();
  });
});
