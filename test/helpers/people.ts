import { consents, identities, pairs, persons, portfolios } from '../../src/db/schema.js';
import type { Runtime } from '../../src/runtime/index.js';
import { randomPhone } from './runtime.js';

const rand = () => Math.random().toString(36).slice(2, 10);

/** A small association: a mentor and a chargé de mission (Teams), and a consenting youth paired with the mentor. */
export async function association(runtime: Runtime, opts: { share?: boolean; youthName?: string } = {}) {
  const db = runtime.db;
  const [mentor] = await db.insert(persons).values({ role: 'mentor', firstName: 'Claire', lastName: 'Test' }).returning();
  const [cdm] = await db.insert(persons).values({ role: 'staff', staffRoles: ['cdm'], firstName: 'Karim', lastName: 'Test' }).returning();
  const [youth] = await db.insert(persons).values({ role: 'youth', registeredBy: 'nqt', firstName: opts.youthName ?? 'Inès', profile: { city: 'Lyon', lookingFor: 'alternance' } }).returning();
  const mentorTeams = `29:mentor-${rand()}`;
  const cdmTeams = `29:cdm-${rand()}`;
  const phone = randomPhone();
  await db.insert(identities).values([
    { personId: mentor!.id, channel: 'teams', kind: 'teams', value: mentorTeams },
    { personId: cdm!.id, channel: 'teams', kind: 'teams', value: cdmTeams },
    { personId: youth!.id, channel: 'whatsapp', kind: 'phone', value: phone },
  ]);
  await db.insert(pairs).values({ mentorId: mentor!.id, youthId: youth!.id });
  await db.insert(portfolios).values({ staffId: cdm!.id, youthId: youth!.id });
  await db.insert(consents).values([
    { personId: youth!.id, kind: 'maia', granted: true, charterVersion: runtime.config.CHARTER_VERSION },
    { personId: youth!.id, kind: 'share_mentor', granted: opts.share ?? true, charterVersion: runtime.config.CHARTER_VERSION },
  ]);
  return { mentor: mentor!, cdm: cdm!, youth: youth!, mentorTeams, cdmTeams, phone };
}
