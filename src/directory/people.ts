import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { identities, pairs, persons, portfolios } from '../db/schema.js';
import type { Tx } from '../outbox/outbox.js';
import { whatsappAddresses } from './phone.js';

type Ex = Db | Tx;
type Role = 'youth' | 'mentor' | 'staff';

/** A line of the directory that cannot be applied; `reason` is French, for the NQT staff who imports. */
export class DirectoryLineError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DirectoryLineError';
  }
}

export interface PersonSpec {
  /** Where the person is reached: a Teams user id, or a phone number in E.164. */
  address: { channel: 'teams'; value: string } | { channel: 'whatsapp'; phone: string };
  /** Role given to a new person. */
  role: Role;
  /** Roles an existing person may already have (a chargé de mission may also mentor). */
  acceptRoles: readonly Role[];
  firstName: string;
  /** Undefined leaves the stored last name alone. */
  lastName?: string | null;
  /** Replaces the staff roles when given. */
  staffRoles?: string[];
  /** Replaces the profile when given (the demo); imports leave it to the youth's own answers. */
  profile?: Record<string, unknown>;
}

export interface Upserted {
  id: string;
  created: boolean;
  changed: boolean;
}

/** Finds a person by one of their addresses, or creates them with that address. */
export async function upsertPerson(ex: Ex, spec: PersonSpec): Promise<Upserted> {
  const channel = spec.address.channel;
  const values = spec.address.channel === 'teams' ? [spec.address.value] : whatsappAddresses(spec.address.phone);
  const [found] = await ex
    .select({ person: persons })
    .from(identities)
    .innerJoin(persons, eq(persons.id, identities.personId))
    .where(and(eq(identities.channel, channel), inArray(identities.value, values)))
    .limit(1);

  if (!found) {
    const [row] = await ex
      .insert(persons)
      .values({
        role: spec.role,
        registeredBy: 'nqt',
        firstName: spec.firstName,
        lastName: spec.lastName ?? null,
        staffRoles: spec.staffRoles ?? [],
        profile: spec.profile ?? {},
      })
      .returning({ id: persons.id });
    const kind = channel === 'teams' ? 'teams' : 'phone';
    await ex.insert(identities).values({ personId: row!.id, channel, kind, value: values[0]! });
    return { id: row!.id, created: true, changed: true };
  }

  const p = found.person;
  if (!spec.acceptRoles.includes(p.role)) {
    throw new DirectoryLineError(
      channel === 'teams'
        ? `l'identifiant Teams est déjà celui d'une personne enregistrée comme « ${roleLabel(p.role)} »`
        : `ce numéro est déjà celui d'une personne enregistrée comme « ${roleLabel(p.role)} »`,
    );
  }
  const patch: Partial<typeof persons.$inferInsert> = {};
  if (p.firstName !== spec.firstName) patch.firstName = spec.firstName;
  if (spec.lastName !== undefined && p.lastName !== spec.lastName) patch.lastName = spec.lastName;
  if (spec.staffRoles && !sameSet(p.staffRoles, spec.staffRoles)) patch.staffRoles = spec.staffRoles;
  // jsonb does not keep key order: compare values, not serialisations.
  if (spec.profile && !isDeepStrictEqual(p.profile, spec.profile)) patch.profile = spec.profile;
  const changed = Object.keys(patch).length > 0;
  if (changed) await ex.update(persons).set(patch).where(eq(persons.id, p.id));
  return { id: p.id, created: false, changed };
}

/** A person known by a Teams id, or undefined. */
export async function personByTeamsId(ex: Ex, teamsId: string): Promise<typeof persons.$inferSelect | undefined> {
  const [row] = await ex
    .select({ person: persons })
    .from(identities)
    .innerJoin(persons, eq(persons.id, identities.personId))
    .where(and(eq(identities.channel, 'teams'), eq(identities.value, teamsId)))
    .limit(1);
  return row?.person;
}

export type PairChange = 'created' | 'reactivated' | 'unchanged';

/** Makes (mentor, youth) an active pair. */
export async function ensurePair(ex: Ex, mentorId: string, youthId: string): Promise<PairChange> {
  const [existing] = await ex
    .select({ active: pairs.active })
    .from(pairs)
    .where(and(eq(pairs.mentorId, mentorId), eq(pairs.youthId, youthId)));
  if (!existing) {
    await ex.insert(pairs).values({ mentorId, youthId, active: true });
    return 'created';
  }
  if (existing.active) return 'unchanged';
  await ex.update(pairs).set({ active: true, since: new Date() }).where(and(eq(pairs.mentorId, mentorId), eq(pairs.youthId, youthId)));
  return 'reactivated';
}

/**
 * Ends the youth's pairs with anyone but `mentorId` (all of them when undefined): a youth has
 * one mentor at a time, so a new mentor is a change of mentor.
 */
export async function deactivateOtherPairs(ex: Ex, youthId: string, mentorId: string | undefined): Promise<number> {
  const rows = await ex
    .update(pairs)
    .set({ active: false })
    .where(and(eq(pairs.youthId, youthId), eq(pairs.active, true), mentorId ? ne(pairs.mentorId, mentorId) : undefined))
    .returning({ mentorId: pairs.mentorId });
  return rows.length;
}

export async function ensurePortfolio(ex: Ex, staffId: string, youthId: string): Promise<boolean> {
  const rows = await ex.insert(portfolios).values({ staffId, youthId }).onConflictDoNothing().returning({ staffId: portfolios.staffId });
  return rows.length > 0;
}

function roleLabel(role: Role): string {
  return role === 'youth' ? 'jeune' : role === 'mentor' ? 'mentor' : 'équipe NQT';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
