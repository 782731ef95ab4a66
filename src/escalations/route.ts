import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { identities, pairs, persons, portfolios } from '../db/schema.js';
import type { Config } from '../config/index.js';
import type { EscalationKind } from '../copy/escalations.js';

export interface StaffContact {
  personId: string;
  firstName: string;
  /** Teams address (user id) to write to. */
  address: string;
}

export interface Route {
  /** Who receives the ticket now. */
  to: { address: string; personId?: string; label: string; role: 'mentor' | 'cdm' | 'team' | 'alert' };
  /** Who gets pinged when nobody acknowledges in time. */
  fallback: { address: string; personId?: string; label: string };
  mentor?: StaffContact;
  cdm?: StaffContact;
}

async function teamsContact(db: Db, personId: string): Promise<StaffContact | undefined> {
  const [row] = await db
    .select({ firstName: persons.firstName, address: identities.value })
    .from(persons)
    .innerJoin(identities, and(eq(identities.personId, persons.id), eq(identities.channel, 'teams'), eq(identities.kind, 'teams')))
    .where(eq(persons.id, personId))
    .limit(1);
  return row ? { personId, firstName: row.firstName ?? 'votre contact', address: row.address } : undefined;
}

/**
 * Decides who receives a ticket. Someone always does: alerts go only to the alert team's
 * channel (never the mentor, who may be the person concerned); crises to the chargé de
 * mission at once; other requests to the mentor, else the chargé de mission, else the
 * chargés de mission team channel (`ESCALATION_CHANNEL`).
 */
export async function routeEscalation(db: Db, config: Config, youthId: string, kind: EscalationKind): Promise<Route> {
  const team = { address: config.ESCALATION_CHANNEL, label: "l'équipe des chargés de mission" };
  if (kind === 'alert') {
    return { to: { address: config.ALERT_CHANNEL, label: "l'équipe d'alerte", role: 'alert' }, fallback: { address: config.ALERT_CHANNEL, label: "l'équipe d'alerte" } };
  }
  const [pair] = await db
    .select({ mentorId: pairs.mentorId })
    .from(pairs)
    .where(and(eq(pairs.youthId, youthId), eq(pairs.active, true)))
    .orderBy(sql`${pairs.since} desc`)
    .limit(1);
  const [folio] = await db.select({ staffId: portfolios.staffId }).from(portfolios).where(eq(portfolios.youthId, youthId)).limit(1);
  const mentor = pair ? await teamsContact(db, pair.mentorId) : undefined;
  const cdm = folio ? await teamsContact(db, folio.staffId) : undefined;
  const cdmTarget = cdm ? { address: cdm.address, personId: cdm.personId, label: cdm.firstName, role: 'cdm' as const } : { ...team, role: 'team' as const };
  if (kind === 'crisis' || kind === 'review' || !mentor) {
    return { to: kind === 'review' ? { ...team, role: 'team' } : cdmTarget, fallback: team, mentor, cdm };
  }
  return {
    to: { address: mentor.address, personId: mentor.personId, label: mentor.firstName, role: 'mentor' },
    fallback: cdm ? { address: cdm.address, personId: cdm.personId, label: cdm.firstName } : team,
    mentor,
    cdm,
  };
}
