import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog, counters } from '../db/schema.js';
import type { Tx } from '../outbox/outbox.js';

export interface AuditEntry {
  /** Who: a pseudonymous id (`pseudo(...)`) or a named staff member for admin actions. */
  actor: string;
  /** What, as a stable verb: `consent.granted`, `data.erased`, `mentor.summary.viewed`… */
  action: string;
  /** About whom: a pseudonymous id, never a name or phone number. */
  subject?: string;
  /** Why (admin actions must say why). */
  why?: string;
  /** Counts and codes only — never message content. */
  detail?: Record<string, unknown>;
}

/** Journals an interaction or a staff access to personal data (charter § 5). */
export async function journal(ex: Db | Tx, entry: AuditEntry): Promise<void> {
  await ex.insert(auditLog).values({ actor: entry.actor, action: entry.action, subject: entry.subject, why: entry.why, detail: entry.detail ?? {} });
}

/** Rows each counter is spread over, so concurrent transactions rarely wait on one row lock. */
export const COUNTER_SLOTS = 16;

/** Anonymous daily counter for indicators; survives erasure by design (no person in it). */
export async function count(ex: Db | Tx, metric: string, dim = '', by = 1): Promise<void> {
  await ex
    .insert(counters)
    .values({ day: sql`current_date`, metric, dim, slot: sql`floor(random() * ${COUNTER_SLOTS})::smallint`, n: by })
    .onConflictDoUpdate({ target: [counters.day, counters.metric, counters.dim, counters.slot], set: { n: sql`${counters.n} + ${by}` } });
}
