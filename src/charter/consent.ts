import { consents } from '../db/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Turn } from '../engine/turn.js';
import { count, journal } from '../privacy/audit.js';

export type ConsentEvent = 'granted' | 'refused' | 'withdrawn' | 'share.granted' | 'share.withdrawn';

/**
 * Records a consent decision in the turn's transaction: an append-only row (the latest row of a
 * kind is the one in force) with the charter version and channel, a journal line, a counter.
 */
export function recordConsent(deps: EngineDeps, turn: Turn, event: ConsentEvent): void {
  const person = turn.person!;
  const subject = deps.pseudo(`person:${person.id}`);
  const share = event.startsWith('share.');
  const granted = event === 'granted' || event === 'share.granted';
  turn.onCommit.push(async (tx) => {
    await tx.insert(consents).values({ personId: person.id, kind: share ? 'share_mentor' : 'maia', granted, charterVersion: deps.config.CHARTER_VERSION, channel: turn.inbound.channel });
    await journal(tx, { actor: subject, action: share ? event : `consent.${event}`, subject, detail: share ? undefined : { version: deps.config.CHARTER_VERSION } });
    if (!share) await count(tx, 'consents', event);
  });
}
