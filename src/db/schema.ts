import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The data model. Erasure is one operation by construction: every table that holds content
 * about a person references `persons.id` with ON DELETE CASCADE (directly or through a
 * conversation), so `DELETE FROM persons` (or the exchange-only variant in `privacy/erase.ts`)
 * leaves nothing behind. Message bodies are ciphertext (AES-256-GCM, `privacy/crypto.ts`).
 */

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    role: text('role').$type<'youth' | 'mentor' | 'staff'>().notNull(),
    /** For staff: cdm (chargé de mission), admin, dpo, alert (alert team member). */
    staffRoles: text('staff_roles').array().notNull().default(sql`'{}'::text[]`),
    firstName: text('first_name'),
    lastName: text('last_name'),
    status: text('status').$type<'active' | 'suspended'>().notNull().default('active'),
    registeredBy: text('registered_by').$type<'self' | 'nqt'>().notNull().default('self'),
    profile: jsonb('profile').$type<Record<string, unknown>>().notNull().default({}),
    misuseCount: integer('misuse_count').notNull().default(0),
    flaggedAt: ts('flagged_at'),
    suspendedAt: ts('suspended_at'),
    suspensionReason: text('suspension_reason'),
    firstMeetingAt: ts('first_meeting_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastInboundAt: ts('last_inbound_at'),
  },
  (t) => [index('persons_role_idx').on(t.role)],
);

/** A person's addresses on each channel (WhatsApp number/JID/LID/BSUID, Teams AAD id…). */
export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    /** Channel-specific reference needed to write proactively (Teams conversation reference). */
    ref: jsonb('ref').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('identities_channel_value_uq').on(t.channel, t.value), index('identities_person_idx').on(t.personId)],
);

export const pairs = pgTable(
  'pairs',
  {
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    youthId: uuid('youth_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    active: boolean('active').notNull().default(true),
    since: ts('since').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mentorId, t.youthId] }), index('pairs_youth_idx').on(t.youthId)],
);

/** A chargé de mission's portfolio of youths. */
export const portfolios = pgTable(
  'portfolios',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    youthId: uuid('youth_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.youthId] })],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** Where replies go on that channel (a WhatsApp number/JID, a Teams conversation id…). */
    address: text('address').notNull(),
    /** Small per-conversation state: pending confirmation, onboarding step… */
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    takeoverBy: uuid('takeover_by').references(() => persons.id, { onDelete: 'set null' }),
    takeoverUntil: ts('takeover_until'),
    outSeq: integer('out_seq').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastInboundAt: ts('last_inbound_at'),
  },
  (t) => [uniqueIndex('conversations_channel_address_uq').on(t.channel, t.address), index('conversations_person_idx').on(t.personId)],
);

export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    channelMessageId: text('channel_message_id').notNull(),
    kind: text('kind').notNull(),
    /** Ciphertext of the (redacted) text. */
    body: text('body'),
    /** Categories redacted before storing (never the values). */
    redactions: text('redactions').array().notNull().default(sql`'{}'::text[]`),
    intent: text('intent'),
    answerState: text('answer_state').$type<'queued' | 'done' | 'skipped'>(),
    /** The queue prefix whose answer worker owns the question: a sweeper only repairs its own lane. */
    lane: text('lane').notNull().default('maia'),
    sentAt: ts('sent_at'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** When the row was written (database clock): the question sweep's age, unlike `receivedAt`. */
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inbound_channel_msg_uq').on(t.channel, t.channelMessageId),
    index('inbound_conv_idx').on(t.conversationId, t.receivedAt),
    // The answer job's order check reads only the questions still waiting in a conversation.
    index('inbound_queued_idx').on(t.conversationId, t.receivedAt).where(sql`${t.answerState} = 'queued'`),
    index('inbound_person_idx').on(t.personId),
  ],
);

export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    /** The person this message is about (erasure): the youth, also for staff notifications. */
    subjectPersonId: uuid('subject_person_id').references(() => persons.id, { onDelete: 'cascade' }),
    recipientPersonId: uuid('recipient_person_id').references(() => persons.id, { onDelete: 'set null' }),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    kind: text('kind').notNull(),
    author: text('author').$type<'ai' | 'human' | 'system'>().notNull(),
    authorPersonId: uuid('author_person_id').references(() => persons.id, { onDelete: 'set null' }),
    /** Ciphertext of the full text as the recipient sees it (disclosure included). */
    body: text('body').notNull(),
    tier: text('tier'),
    sources: jsonb('sources').$type<{ title: string; url?: string }[]>(),
    actions: jsonb('actions').$type<unknown>(),
    causeInboundId: uuid('cause_inbound_id'),
    /** The queue prefix that owns the delivery: a sweeper only repairs its own lane. */
    lane: text('lane').notNull().default('maia'),
    seq: integer('seq').notNull().default(0),
    status: text('status').$type<'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    platformMessageId: text('platform_message_id'),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
    statusAt: ts('status_at'),
  },
  (t) => [
    index('outbound_conv_seq_idx').on(t.conversationId, t.seq),
    // The delivery claim's order check reads only the messages still pending in a conversation.
    index('outbound_pending_idx').on(t.conversationId, t.seq).where(sql`${t.status} in ('queued', 'sending')`),
    index('outbound_cause_idx').on(t.causeInboundId),
    index('outbound_platform_idx').on(t.platformMessageId),
    index('outbound_subject_idx').on(t.subjectPersonId),
  ],
);

/**
 * Messages accepted from a channel and not yet processed: the ingress persists here, then
 * queues a `turn` job; the turn worker runs the engine and deletes the row. Rows carry no
 * address in clear (`convKey` is pseudonymous, the message is sealed), and live seconds.
 */
export const inbox = pgTable(
  'inbox',
  {
    /** Order of acceptance: turns of one conversation are processed in this order. */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    channel: text('channel').notNull(),
    channelMessageId: text('channel_message_id').notNull(),
    /** Pseudonymous conversation key (`pseudo(channel:conversationKey)`). */
    convKey: text('conv_key').notNull(),
    /** Ciphertext of the whole normalised InboundMessage. */
    body: text('body').notNull(),
    /** The queue prefix whose worker owns it: a sweeper only repairs its own lane. */
    lane: text('lane').notNull(),
    /** The turn job that carries it (one job per accepted batch). */
    job: text('job').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** Set when every attempt failed: kept for the operator, no longer holds the conversation. */
    failedAt: ts('failed_at'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('inbox_id_idx').on(t.id),
    uniqueIndex('inbox_channel_msg_idx').on(t.channel, t.channelMessageId),
    index('inbox_job_idx').on(t.job),
    index('inbox_conv_idx').on(t.convKey, t.seq).where(sql`${t.failedAt} is null`),
  ],
);

export const answerTraces = pgTable(
  'answer_traces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inboundId: uuid('inbound_id').references(() => inboundMessages.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'cascade' }),
    outboundId: uuid('outbound_id'),
    /** Ciphertext of the normalised query. */
    query: text('query'),
    audience: text('audience').notNull(),
    tier: text('tier').notNull(),
    reason: text('reason'),
    composer: text('composer').notNull(),
    model: text('model'),
    tailored: boolean('tailored').notNull().default(false),
    chunks: jsonb('chunks').$type<unknown>().notNull().default([]),
    latency: jsonb('latency').$type<Record<string, number>>().notNull().default({}),
    moderation: jsonb('moderation').$type<unknown>(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  // By question: erasure and retention cascade from inbound rows, and a re-run answer job looks its answer up.
  (t) => [index('traces_person_idx').on(t.personId), index('traces_created_idx').on(t.createdAt), index('traces_inbound_idx').on(t.inboundId)],
);

export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'maia' | 'share_mentor'>().notNull(),
    granted: boolean('granted').notNull(),
    charterVersion: text('charter_version').notNull(),
    channel: text('channel'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('consents_person_idx').on(t.personId, t.kind, t.at)],
);

export const escalations = pgTable(
  'escalations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'human' | 'alert' | 'crisis' | 'review'>().notNull(),
    reason: text('reason').notNull(),
    urgency: text('urgency').$type<'normal' | 'urgent'>().notNull().default('normal'),
    /** Ciphertext; only set when the youth consented to sharing. */
    excerpt: text('excerpt'),
    status: text('status').$type<'open' | 'acknowledged' | 'resolved'>().notNull().default('open'),
    assigneeId: uuid('assignee_id').references(() => persons.id, { onDelete: 'set null' }),
    destination: text('destination').notNull(),
    causeInboundId: uuid('cause_inbound_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    ackAt: ts('ack_at'),
    ackBy: uuid('ack_by').references(() => persons.id, { onDelete: 'set null' }),
    resolvedAt: ts('resolved_at'),
    remindedAt: ts('reminded_at'),
  },
  (t) => [index('escalations_person_idx').on(t.personId), index('escalations_status_idx').on(t.status)],
);

export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'cascade' }),
    outboundId: uuid('outbound_id').references(() => outboundMessages.id, { onDelete: 'set null' }),
    traceId: uuid('trace_id').references(() => answerTraces.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    /** Ciphertext of the free text. */
    text: text('text'),
    source: text('source').$type<'command' | 'reaction' | 'button'>().notNull(),
    status: text('status').$type<'new' | 'reviewed'>().notNull().default('new'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('feedback_person_idx').on(t.personId)],
);

/** Mentor-recorded milestones and meetings, so progress is not only what the AI saw. */
export const milestones = pgTable(
  'milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youthId: uuid('youth_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    byPersonId: uuid('by_person_id').references(() => persons.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    /** Ciphertext. */
    note: text('note'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('milestones_youth_idx').on(t.youthId)],
);

/** Journal: who did what, when, why — pseudonymous ids only (keyed HMAC), never content. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    why: text('why'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_subject_idx').on(t.subject)],
);

/**
 * Anonymous daily counters for indicators; they survive erasure by design. Each counter is
 * spread over a few `slot` rows (readers sum them): with one row, every answer transaction
 * of the day waited on the same row lock (32 ms per increment at 10 conversations).
 */
export const counters = pgTable(
  'counters',
  {
    day: date('day').notNull(),
    metric: text('metric').notNull(),
    dim: text('dim').notNull().default(''),
    slot: smallint('slot').notNull().default(0),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.metric, t.dim, t.slot] })],
);

/** Latency samples (ms) for percentiles in reports; no personal data. */
export const latencySamples = pgTable(
  'latency_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    metric: text('metric').notNull(),
    ms: real('ms').notNull(),
  },
  (t) => [index('latency_at_idx').on(t.metric, t.at)],
);

/** Rights requests that reach the DPO, with their one-month deadline. */
export const rightsRequests = pgTable('rights_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  subject: text('subject').notNull(),
  kind: text('kind').notNull(),
  requestedBy: text('requested_by').notNull(),
  status: text('status').$type<'open' | 'done' | 'rejected'>().notNull().default('open'),
  dueAt: ts('due_at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  closedAt: ts('closed_at'),
});

// ── Knowledge base ────────────────────────────────────────────────────────────

export const documents = pgTable('documents', {
  /** Path relative to the knowledge directory. */
  id: text('id').primaryKey(),
  tier: text('tier').$type<'internal' | 'public'>().notNull(),
  title: text('title').notNull(),
  audience: text('audience').$type<'youth' | 'mentor' | 'all'>().notNull(),
  topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
  url: text('url'),
  owner: text('owner'),
  reviewed: text('reviewed'),
  hash: text('hash').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const chunks = pgTable(
  'chunks',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    ord: integer('ord').notNull(),
    tier: text('tier').$type<'internal' | 'public'>().notNull(),
    audience: text('audience').$type<'youth' | 'mentor' | 'all'>().notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    title: text('title').notNull(),
    headingPath: text('heading_path').notNull(),
    text: text('text').notNull(),
    /** Filled by the `chunks_tsv` trigger with the `maia_fr` configuration (unaccent + french_stem). */
    tsv: tsvector('tsv'),
    embedding: real('embedding').array(),
  },
  (t) => [index('chunks_doc_idx').on(t.documentId)],
);

// ── WhatsApp (Baileys) auth state ─────────────────────────────────────────────

export const waAuthKeys = pgTable(
  'wa_auth_keys',
  {
    session: text('session').notNull(),
    key: text('key').notNull(),
    /** Ciphertext of the JSON value (BufferJSON). */
    value: text('value').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.session, t.key] })],
);

/**
 * Where MAIA can write proactively: a conversation reference per address (a mentor's
 * personal chat, the alert team's channel, the chargés de mission channel…), saved on
 * install and on every message.
 */
export const channelEndpoints = pgTable(
  'channel_endpoints',
  {
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    /** A stable name for configured destinations ("alertes", "cdm-equipe"), else null. */
    alias: text('alias'),
    ref: jsonb('ref').$type<Record<string, unknown>>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.address] }), index('endpoints_alias_idx').on(t.channel, t.alias)],
);
