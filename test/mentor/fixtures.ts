import { inArray } from 'drizzle-orm';
import { consents, identities, outboundMessages, pairs, persons, portfolios } from '../../src/db/schema.js';
import type { InboundMessage, StaffCard } from '../../src/engine/messages.js';
import type { Runtime } from '../../src/runtime/index.js';

let n = 0;
const rand = () => `${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 7)}`;

export const uniqueTeamsId = (label = 'm') => `29:${label}-${rand()}`;
export const uniquePhone = () => `+3361${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;

/** A Teams message as the adapter normalises it. */
export function teamsText(from: string, text: string, action?: InboundMessage['action']): InboundMessage {
  return {
    channel: 'teams',
    channelMessageId: `teams-${rand()}`,
    sender: { id: from, kind: 'teams' },
    conversationKey: from,
    kind: action ? 'button' : 'text',
    text: action ? '' : text,
    ...(action ? { action } : {}),
    receivedAt: new Date(),
  };
}

export interface SentReply {
  text: string;
  card?: StaffCard;
  kind: string;
  subjectPersonId: string | null;
}

/** Sends a Teams message through the engine and returns the replies of that turn, opened. */
export async function ask(runtime: Runtime, from: string, text: string, action?: InboundMessage['action']) {
  const result = await runtime.engine.receive(teamsText(from, text, action));
  const rows = result.outboundIds.length
    ? await runtime.db.select().from(outboundMessages).where(inArray(outboundMessages.id, result.outboundIds))
    : [];
  const replies: SentReply[] = rows.map((r) => {
    const stored = JSON.parse(runtime.sealer.open(r.body)) as { body: string; card?: StaffCard };
    return { text: stored.body, card: stored.card, kind: r.kind, subjectPersonId: r.subjectPersonId };
  });
  return { result, replies, text: replies.map((r) => r.text).join('\n---\n') };
}

export interface PairOptions {
  mentorRole?: 'mentor' | 'staff';
  staffRoles?: string[];
  youthFirstName?: string;
  youthLastName?: string;
  shareWithMentor?: boolean | null;
  profile?: Record<string, unknown>;
  charterVersion?: string;
}

/** A mentor (Teams) and one mentee (WhatsApp) with unique addresses, in the shared database. */
export async function makePair(runtime: Runtime, opts: PairOptions = {}) {
  const teamsId = uniqueTeamsId();
  const [mentor] = await runtime.db
    .insert(persons)
    .values({ role: opts.mentorRole ?? 'mentor', staffRoles: opts.staffRoles ?? [], firstName: 'Mentor', lastName: 'Test', registeredBy: 'nqt' })
    .returning();
  await runtime.db.insert(identities).values({ personId: mentor!.id, channel: 'teams', kind: 'teams', value: teamsId });
  const youth = await makeYouth(runtime, opts);
  await runtime.db.insert(pairs).values({ mentorId: mentor!.id, youthId: youth.id });
  return { mentor: mentor!, teamsId, youth };
}

export async function makeYouth(runtime: Runtime, opts: PairOptions = {}) {
  const [youth] = await runtime.db
    .insert(persons)
    .values({ role: 'youth', firstName: opts.youthFirstName ?? 'Camille', lastName: opts.youthLastName ?? 'Test', profile: opts.profile ?? {}, registeredBy: 'nqt' })
    .returning();
  await runtime.db.insert(identities).values({ personId: youth!.id, channel: 'whatsapp', kind: 'phone', value: uniquePhone() });
  const version = opts.charterVersion ?? runtime.config.CHARTER_VERSION;
  await runtime.db.insert(consents).values({ personId: youth!.id, kind: 'maia', granted: true, charterVersion: version });
  if (opts.shareWithMentor !== null) {
    await runtime.db.insert(consents).values({ personId: youth!.id, kind: 'share_mentor', granted: opts.shareWithMentor ?? true, charterVersion: version });
  }
  return youth!;
}

export async function addToPortfolio(runtime: Runtime, staffId: string, youthId: string) {
  await runtime.db.insert(portfolios).values({ staffId, youthId });
}
