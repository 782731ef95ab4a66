import type { StaffCard } from '../engine/messages.js';
import { accessed, refused } from './access-log.js';
import { nowOf, type MentorDeps, type SummaryFacts } from './context.js';
import { dateFr, de, escalationLabel, escalationState, mentorCopy, milestoneLabel, plural } from './copy.js';
import { overview, periodFacts, type PeriodFacts } from './facts.js';
import { sessionIdeas } from './ideas.js';
import { mentorReply, type MentorReply } from './reply.js';
import { resolveYouth, shortName, type ScopedYouth, type Viewer } from './scope.js';
import { formatTopics, topicsAsked, type TopicCount } from './topics.js';

export const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 365;
const DAY_MS = 86_400_000;
const NOTE_CHARS = 60;
// « En bref » is a few sentences; a runaway model does not get to fill the message.
const NARRATIVE_CHARS = 600;

/**
 * « synthèse Inès [30 jours] »: a factual account of the period with its sources, then two or
 * three ideas for the next session, offered as suggestions. Only if the youth agreed to share.
 * With a narrator (an LLM), a short « En bref » paragraph comes first; the facts stay.
 */
export async function youthSummary(deps: MentorDeps, viewer: Viewer, name: string, periodDays = DEFAULT_PERIOD_DAYS): Promise<MentorReply> {
  const days = Math.min(Math.max(Math.round(periodDays), 1), MAX_PERIOD_DAYS);
  const found = await resolveYouth(deps, viewer, 'summary', { name });
  if ('reply' in found) return found.reply;
  const { youth } = found;
  const state = (await overview(deps.db, [youth])).get(youth.id)!;
  if (!state.shares) {
    return mentorReply('no_consent', mentorCopy.noShare(youth.firstName, 'summary'), {
      effects: [refused(deps, viewer.id, 'summary', 'no_share_consent', youth.id)],
    });
  }

  const now = nowOf(deps);
  const since = new Date(now.getTime() - days * DAY_MS);
  const [period, topics] = await Promise.all([periodFacts(deps.db, youth, since), topicsAsked(deps.db, youth.id, since)]);
  const notes = readableNotes(deps, viewer, period);
  const facts: SummaryFacts = {
    periodDays: days,
    messages: period.messages,
    questions: period.questions,
    topics: topics.map((t) => ({ label: t.label, count: t.count })),
    milestones: period.milestones.map((m) => ({ label: milestoneLabel(m.kind), date: dateFr(m.at) })),
    escalations: period.escalations.map((e) => ({ label: escalationLabel(e.kind), state: escalationState(e.status) })),
    feedback: period.feedback,
    firstMeetingDone: state.firstMeetingDone,
    daysSinceLastContact: state.lastContactAt ? Math.floor((now.getTime() - state.lastContactAt.getTime()) / DAY_MS) : null,
  };
  const ideas = sessionIdeas({
    topics,
    firstMeetingDone: state.firstMeetingDone,
    messages: period.messages,
    milestoneCount: period.milestones.length,
    notes: notes.filter((n): n is string => n !== null),
    pendingRequests: state.pending.filter((e) => e.status === 'open').length,
  });
  const narrative = await narrate(deps, facts);

  const who = shortName(youth);
  const title = `Synthèse ${de(who)} — ${days} derniers jours`;
  const rows = factRows(youth, facts, period, topics, notes);
  const sources = sourcesLine(youth, viewer, period);
  const ideasTitle = 'Idées pour votre prochaine séance (suggestions, à vous de juger)';
  const text = [
    `*${title}*`,
    ...(narrative ? [`En bref : ${narrative}`, ''] : []),
    ...rows.map((r) => `- ${r.title} : ${r.value}`),
    `_${sources}_`,
    '',
    `*${ideasTitle}*`,
    ...ideas.map((idea, i) => `${i + 1}. ${idea}`),
  ].join('\n');
  const card: StaffCard = {
    title,
    facts: rows,
    body: [...(narrative ? [`En bref : ${narrative}`] : []), `_${sources}_`, `*${ideasTitle}*`, ...ideas.map((idea, i) => `${i + 1}. ${idea}`)].join('\n\n'),
  };
  return mentorReply('ok', text, {
    card,
    subjectPersonId: youth.id,
    effects: [
      accessed(deps, viewer.id, viewer.kind, 'mentor.summary.viewed', [youth.id], {
        periodDays: days,
        messages: period.messages,
        topics: topics.length,
        milestones: period.milestones.length,
        narrated: narrative !== undefined,
      }),
    ],
  });
}

/** Notes of the period the viewer may read: their own; all of them for a chargé de mission. */
function readableNotes(deps: MentorDeps, viewer: Viewer, period: PeriodFacts): (string | null)[] {
  return period.milestones.map((m) => {
    if (!m.note || (viewer.kind !== 'cdm' && m.byPersonId !== viewer.id)) return null;
    try {
      return deps.sealer.open(m.note);
    } catch {
      return null; // sealed with a retired key: the milestone still counts
    }
  });
}

function factRows(youth: ScopedYouth, facts: SummaryFacts, period: PeriodFacts, topics: TopicCount[], notes: (string | null)[]) {
  const milestones = period.milestones.map((m, i) => {
    const note = notes[i];
    const quoted = note ? ` — « ${note.length > NOTE_CHARS ? `${note.slice(0, NOTE_CHARS - 1)}…` : note} »` : '';
    return `${milestoneLabel(m.kind)} le ${dateFr(m.at)}${quoted}`;
  });
  return [
    { title: 'Échanges avec Mentor IA', value: `${plural(facts.messages, 'message')}, ${plural(facts.questions, 'question traitée', 'questions traitées')}` },
    { title: 'Thèmes abordés', value: topics.length > 0 ? formatTopics(topics) : 'aucun sur la période' },
    { title: 'Jalons', value: milestones.length > 0 ? milestones.join(' ; ') : 'aucun noté sur la période' },
    {
      title: 'Demandes à un humain',
      value: facts.escalations.length > 0 ? facts.escalations.map((e) => `${e.label} (${e.state})`).join(' ; ') : 'aucune',
    },
    ...(facts.feedback > 0 ? [{ title: `Avis ${de(youth.firstName)} sur les réponses de Mentor IA`, value: String(facts.feedback) }] : []),
  ];
}

/** Where each figure comes from, so the mentor can weigh it; empty sources are left out. */
function sourcesLine(youth: ScopedYouth, viewer: Viewer, period: PeriodFacts): string {
  const parts = [`${plural(period.messages, `message ${de(youth.firstName)}`, `messages ${de(youth.firstName)}`)} à Mentor IA`];
  const marks = period.milestones.length;
  if (marks > 0) {
    const mine = period.milestones.filter((m) => m.byPersonId === viewer.id).length;
    const by = mine === marks ? ' par vous' : mine > 0 ? ` (dont ${mine} par vous)` : '';
    parts.push(`${plural(marks, 'jalon noté', 'jalons notés')}${by}`);
  }
  if (period.escalations.length > 0) parts.push(`${plural(period.escalations.length, 'demande', 'demandes')} à un humain`);
  if (period.feedback > 0) parts.push(`${plural(period.feedback, 'avis', 'avis')} sur les réponses`);
  return `D'après : ${parts.join(', ')}.`;
}

/** The optional « En bref »: bounded in time, and a failure only costs the paragraph. */
async function narrate(deps: MentorDeps, facts: SummaryFacts): Promise<string | undefined> {
  if (!deps.narrate) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('narrator timed out')), deps.config.LLM_TIMEOUT_MS);
    });
    const text = (await Promise.race([deps.narrate(facts), timeout])).replace(/\s+/g, ' ').trim();
    return text ? text.slice(0, NARRATIVE_CHARS) : undefined;
  } catch (err) {
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'summary narrator failed');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
