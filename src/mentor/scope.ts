import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pairs, persons, portfolios } from '../db/schema.js';
import type { PersonRow } from '../engine/turn.js';
import { refused } from './access-log.js';
import type { MentorDeps } from './context.js';
import { mentorCopy } from './copy.js';
import { mentorReply, type MentorReply } from './reply.js';

/** Someone allowed to use Super Mentor on youths: a mentor, or a chargé de mission. */
export interface Viewer {
  id: string;
  kind: 'mentor' | 'cdm';
}

/** How a youth is in the viewer's scope: as their mentee, or in their portfolio. */
export type Relation = 'mentor' | 'portfolio';

export interface ScopedYouth {
  id: string;
  firstName: string;
  lastName: string | null;
  profile: Record<string, unknown>;
  firstMeetingAt: Date | null;
  lastInboundAt: Date | null;
  createdAt: Date;
  relation: Relation;
}

/** A mentor, or a staff member with the chargé de mission role; active accounts only. */
export function viewerOf(person: PersonRow): Viewer | undefined {
  if (person.status !== 'active') return undefined;
  if (person.role === 'mentor') return { id: person.id, kind: 'mentor' };
  if (person.role === 'staff' && person.staffRoles.includes('cdm')) return { id: person.id, kind: 'cdm' };
  return undefined;
}

/**
 * The youths a viewer may see: a mentor's active mentees; for a chargé de mission, their
 * portfolio (and mentees, if they also mentor). Nobody else's, ever.
 */
export async function youthsInScope(db: Db, viewer: Viewer): Promise<ScopedYouth[]> {
  const columns = {
    id: persons.id,
    firstName: persons.firstName,
    lastName: persons.lastName,
    profile: persons.profile,
    firstMeetingAt: persons.firstMeetingAt,
    lastInboundAt: persons.lastInboundAt,
    createdAt: persons.createdAt,
  };
  const mentees = await db
    .select(columns)
    .from(pairs)
    .innerJoin(persons, eq(persons.id, pairs.youthId))
    .where(and(eq(pairs.mentorId, viewer.id), eq(pairs.active, true), eq(persons.role, 'youth')));
  const folio =
    viewer.kind === 'cdm'
      ? await db
          .select(columns)
          .from(portfolios)
          .innerJoin(persons, eq(persons.id, portfolios.youthId))
          .where(and(eq(portfolios.staffId, viewer.id), eq(persons.role, 'youth')))
      : [];
  const byId = new Map<string, ScopedYouth>();
  for (const [rows, relation] of [[folio, 'portfolio'], [mentees, 'mentor']] as const) {
    for (const r of rows) byId.set(r.id, { ...r, firstName: r.firstName ?? 'Jeune sans prénom', relation });
  }
  return [...byId.values()].sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr') || (a.lastName ?? '').localeCompare(b.lastName ?? '', 'fr'));
}

/** « Inès B. »: first name and initial, enough to tell two mentees apart. */
export function shortName(y: Pick<ScopedYouth, 'firstName' | 'lastName'>): string {
  return y.lastName ? `${y.firstName} ${y.lastName.trim().charAt(0).toUpperCase()}.` : y.firstName;
}

/** Accents, case, hyphens and punctuation do not matter: « ines », « Inès », « INES ». */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export type YouthMatch = { kind: 'one'; youth: ScopedYouth } | { kind: 'none' } | { kind: 'many'; youths: ScopedYouth[] };

/** Matches what the viewer typed against first names (optionally followed by a last name or its initial). */
export function findYouth(youths: readonly ScopedYouth[], typed: string): YouthMatch {
  const q = foldName(typed);
  if (!q) return { kind: 'none' };
  const found = youths.filter((y) => {
    const first = foldName(y.firstName);
    if (!first) return false;
    if (q === first) return true;
    if (!q.startsWith(`${first} `)) return false;
    const rest = q.slice(first.length + 1);
    return foldName(y.lastName ?? '').startsWith(rest);
  });
  if (found.length === 1) return { kind: 'one', youth: found[0]! };
  return found.length === 0 ? { kind: 'none' } : { kind: 'many', youths: found };
}

/**
 * The one youth a command is about, or the polite refusal to send instead. A name not found
 * among the viewer's youths gets the same answer whether or not that youth exists elsewhere.
 */
export async function resolveYouth(
  deps: MentorDeps,
  viewer: Viewer,
  command: string,
  target: { name: string } | { youthId: string },
): Promise<{ youth: ScopedYouth } | { reply: MentorReply }> {
  const youths = await youthsInScope(deps.db, viewer);
  const match: YouthMatch =
    'youthId' in target
      ? ((y) => (y ? { kind: 'one' as const, youth: y } : { kind: 'none' as const }))(youths.find((y) => y.id === target.youthId))
      : findYouth(youths, target.name);
  if (match.kind === 'one') return { youth: match.youth };
  const typed = 'name' in target ? target.name : '';
  if (match.kind === 'many') {
    return {
      reply: mentorReply('ambiguous', mentorCopy.ambiguous(typed, match.youths.map(shortName)), {
        effects: [refused(deps, viewer.id, command, 'ambiguous')],
      }),
    };
  }
  return {
    reply: mentorReply('not_found', 'name' in target ? mentorCopy.notFound(typed) : mentorCopy.notFoundById, {
      effects: [refused(deps, viewer.id, command, 'not_in_scope')],
    }),
  };
}
