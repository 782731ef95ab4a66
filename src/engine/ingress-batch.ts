import DataLoader from 'dataloader';
import { eq, sql } from 'drizzle-orm';
import { consents, conversations, identities, inboundMessages, persons } from '../db/schema.js';
import type { EngineDeps } from './deps.js';
import type { ConversationRow, PersonRow } from './turn.js';

/**
 * Batching for the ingress hot path. Turns that arrive together (a webhook burst, many
 * youths at once) share one identity lookup, one multi-row insert and one `addBulk`, instead
 * of a round trip each: on a small machine the round trips, not the queries, are the cost.
 * DataLoader gathers the calls made in the same tick; alone, a call is a batch of one.
 */
export interface Found {
  person: PersonRow;
  conversation?: ConversationRow;
  known: string[];
  consent: { granted: boolean; version: string } | null;
  share: { granted: boolean; version: string } | null;
}

export interface LookupKey {
  channel: string;
  /** The address the message came from; preferred when aliases match another row. */
  sender: string;
  /** Other addresses of the same sender (LID next to a phone number…). */
  aliases?: string[];
  address: string;
}

export type InboundInsert = typeof inboundMessages.$inferInsert & { inboxId?: string };

/**
 * `fresh`: stored now (false: a duplicate). `earlier`: an earlier question of the same
 * conversation still waits for its answer (so this one's answer must wait its turn).
 */
export interface Inserted {
  fresh: boolean;
  earlier: boolean;
}

export interface IngressBatch {
  lookup: DataLoader<LookupKey, Found | undefined, string>;
  /** Journals inbound rows; `inboxId` (a message from the inbox) is deleted in the same statement. */
  insert: DataLoader<InboundInsert, Inserted, string>;
  enqueue: DataLoader<{ inboundId: string; causeInboundId?: string; jobId: string }, void, string>;
}

const MAX_BATCH = 200;

export function createIngressBatch(deps: EngineDeps): IngressBatch {
  const latest = (kind: 'maia' | 'share_mentor') =>
    sql<{ granted: boolean; version: string } | null>`(select json_build_object('granted', c.granted, 'version', c.charter_version) from ${consents} c where c.person_id = ${persons.id} and c.kind = ${kind} order by c.at desc limit 1)`;
  // One statement: the sender's identities and person, their latest consents, and their
  // conversation at the address written to (a conversation of another person is not theirs:
  // the identify step takes it over).
  const people = deps.db
    .select({
      person: persons,
      channel: identities.channel,
      value: identities.value,
      known: sql<string[]>`(select array_agg(i2.value) from ${identities} i2 where i2.person_id = ${persons.id} and i2.channel = ${identities.channel})`,
      consent: latest('maia'),
      share: latest('share_mentor'),
      conversation: conversations,
    })
    .from(identities)
    .innerJoin(persons, eq(persons.id, identities.personId))
    .leftJoin(
      conversations,
      sql`${conversations.channel} = ${identities.channel} and ${conversations.address} = any(${sql.placeholder('addresses')}::text[]) and ${conversations.personId} = ${persons.id}`,
    )
    // The channel first: it leads the unique (channel, value) index.
    .where(sql`${identities.channel} = any(${sql.placeholder('channels')}::text[]) and ${identities.value} = any(${sql.placeholder('values')}::text[])`)
    .prepare('maia_identify_many');

  const lookup = new DataLoader<LookupKey, Found | undefined, string>(
    async (keys) => {
      const found = await people.execute({
        channels: [...new Set(keys.map((k) => k.channel))],
        values: [...new Set(keys.flatMap((k) => [k.sender, ...(k.aliases ?? [])]))],
        addresses: [...new Set(keys.map((k) => k.address))],
      });
      return keys.map((k) => {
        const mine = found.filter((f) => f.channel === k.channel && (f.value === k.sender || k.aliases?.includes(f.value)));
        const hit = mine.find((f) => f.value === k.sender) ?? mine[0];
        if (!hit) return undefined;
        const conversation = mine.find((f) => f.person.id === hit.person.id && f.conversation?.address === k.address)?.conversation ?? undefined;
        return { person: hit.person, conversation, known: hit.known ?? [], consent: hit.consent, share: hit.share };
      });
    },
    { cache: false, maxBatchSize: MAX_BATCH, cacheKeyFn: (k) => [k.channel, k.sender, k.address, ...(k.aliases ?? [])].join('\u0000') },
  );

  const insert = new DataLoader<InboundInsert, Inserted, string>(
    async (rows) => {
      const values = rows.map((r) => ({
        id: r.id!,
        conversation_id: r.conversationId,
        person_id: r.personId,
        channel: r.channel,
        channel_message_id: r.channelMessageId,
        kind: r.kind,
        body: r.body ?? null,
        redactions: r.redactions ?? [],
        intent: r.intent ?? null,
        answer_state: r.answerState ?? null,
        lane: r.lane ?? deps.config.QUEUE_PREFIX,
        sent_at: r.sentAt ? r.sentAt.toISOString() : null,
        received_at: (r.receivedAt ?? new Date()).toISOString(),
      }));
      // One statement: the rows (a duplicate is skipped by the unique channel message id), then
      // last contact on their conversations and people (retention reads the latter).
      const inserted = await deps.sql`
        with ins as (
          insert into inbound_messages ${deps.sql(values)} on conflict do nothing
          returning id, conversation_id, person_id, received_at
        ), conv as (
          update conversations c set last_inbound_at = x.at
          from (select conversation_id, max(received_at) as at from ins group by conversation_id) x
          where c.id = x.conversation_id
        ), person as (
          update persons p set last_inbound_at = x.at
          from (select person_id, max(received_at) as at from ins group by person_id) x
          where p.id = x.person_id
        ), consumed as (
          delete from inbox where id = any(${deps.sql.array(rows.flatMap((r) => (r.inboxId ? [r.inboxId] : [])))}::uuid[])
        )
        select ins.id, exists (
          select 1 from inbound_messages e
          where e.conversation_id = ins.conversation_id and e.answer_state = 'queued' and e.received_at < ins.received_at
        ) as earlier
        from ins`;
      const stored = new Map(inserted.map((r) => [r.id as string, r.earlier as boolean]));
      // The statement does not see its own rows: an earlier question of the same batch counts too.
      return rows.map((r) => ({
        fresh: stored.has(r.id!),
        earlier:
          (stored.get(r.id!) ?? false) ||
          rows.some((o) => o !== r && o.conversationId === r.conversationId && o.answerState === 'queued' && stored.has(o.id!) && (o.receivedAt ?? 0) < (r.receivedAt ?? 0)),
      }));
    },
    { cache: false, maxBatchSize: MAX_BATCH, cacheKeyFn: (r) => r.id! },
  );

  const enqueue = new DataLoader<{ inboundId: string; causeInboundId?: string; jobId: string }, void, string>(
    async (jobs) => {
      await deps.queues.answer.addBulk(
        jobs.map((j) => ({
          name: 'answer',
          data: { inboundId: j.inboundId, causeInboundId: j.causeInboundId },
          opts: { jobId: j.jobId, attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
        })),
      );
      return jobs.map(() => undefined);
    },
    { cache: false, maxBatchSize: MAX_BATCH, cacheKeyFn: (j) => j.jobId },
  );

  return { lookup, insert, enqueue };
}
