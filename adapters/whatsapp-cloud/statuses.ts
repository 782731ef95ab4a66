import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { outboundMessages } from '../../src/db/schema.js';
import type { StatusUpdate } from './parse.js';
import type { PartsLedger } from './parts-ledger.js';

// Order of a message's life; a status only ever moves forward (a late "delivered" never
// overwrites "read"). "failed" ranks with "sent": a later delivery report still wins.
const RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, failed: 2, delivered: 3, read: 4 };

const currentRank = sql`case ${outboundMessages.status} when 'queued' then 0 when 'sending' then 1 when 'sent' then 2 when 'failed' then 2 when 'delivered' then 3 when 'read' then 4 else 0 end`;

/**
 * Applies delivery statuses to `outbound_messages` by platform message id. A status on a later
 * part of a split message counts for the message (the ledger maps it to the first part's id).
 * Returns how many rows changed.
 */
export async function applyStatuses(db: Db, ledger: PartsLedger, updates: StatusUpdate[]): Promise<number> {
  let changed = 0;
  for (const update of updates) {
    const platformId = await ledger.primaryOf(update.platformMessageId);
    const where = eq(outboundMessages.platformMessageId, platformId);
    let rows: { id: string }[];
    if (update.status === 'failed') {
      // A message already delivered or read keeps that status; the error is still recorded.
      const failed = await db
        .update(outboundMessages)
        .set({ status: 'failed', statusAt: update.at, error: update.error ?? 'failed' })
        .where(and(where, notInArray(outboundMessages.status, ['delivered', 'read'])))
        .returning({ id: outboundMessages.id });
      const noted = failed.length
        ? []
        : await db.update(outboundMessages).set({ error: update.error ?? 'failed' }).where(where).returning({ id: outboundMessages.id });
      rows = [...failed, ...noted];
    } else {
      rows = await db
        .update(outboundMessages)
        .set({ status: update.status, statusAt: update.at })
        .where(and(where, sql`${currentRank} < ${RANK[update.status]!}`))
        .returning({ id: outboundMessages.id });
    }
    changed += rows.length;
  }
  return changed;
}
