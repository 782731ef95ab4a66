import type { StaffCard } from '../engine/messages.js';
import { accessed } from './access-log.js';
import { nowOf, type MentorDeps } from './context.js';
import { ago, escalationLabel, mentorCopy, waiting } from './copy.js';
import { overview } from './facts.js';
import { mentorReply, type MentorReply } from './reply.js';
import { shortName, youthsInScope, type Viewer } from './scope.js';

const DAY_MS = 86_400_000;
const MAX_PER_SECTION = 10;

/**
 * « suivi »: what needs the viewer's attention — requests nobody took yet, youths with no sign
 * of life for `SILENT_DAYS` (no message to Mentor IA, no meeting noted), first meetings to set
 * and, for a chargé de mission, youths still without a mentor.
 */
export async function followUp(deps: MentorDeps, viewer: Viewer): Promise<MentorReply> {
  const youths = await youthsInScope(deps.db, viewer);
  if (youths.length === 0) return mentorReply('ok', mentorCopy.noYouths(viewer.kind === 'cdm'));
  const now = nowOf(deps);
  const silentBefore = now.getTime() - deps.config.SILENT_DAYS * DAY_MS;
  const facts = await overview(deps.db, youths);

  const requests: string[] = [];
  const silent: string[] = [];
  const firstMeeting: string[] = [];
  const noMentor: string[] = [];
  let crisis = false;
  for (const y of youths) {
    const f = facts.get(y.id)!;
    for (const e of f.pending.filter((e) => e.status === 'open')) {
      requests.push(`${shortName(y)} : ${escalationLabel(e.kind)}, ${waiting(e.createdAt, now)}`);
      crisis ||= e.kind === 'crisis';
    }
    // A youth added recently has not had the time to be silent.
    const reference = f.lastContactAt ?? y.createdAt;
    if (reference.getTime() < silentBefore) {
      silent.push(f.lastContactAt ? `${shortName(y)} : dernier signe ${ago(f.lastContactAt, now)}` : `${shortName(y)} : aucun échange ni rendez-vous noté depuis son arrivée`);
    }
    const hasMentor = y.relation === 'mentor' || f.mentor !== undefined;
    if (!hasMentor) noMentor.push(shortName(y));
    else if (!f.firstMeetingDone) firstMeeting.push(shortName(y));
  }

  const sections: { title: string; items: string[] }[] = [
    { title: 'Demandes en attente de prise en charge', items: requests },
    { title: `Sans nouvelles depuis plus de ${deps.config.SILENT_DAYS} jours`, items: silent },
    { title: 'Premier rendez-vous à fixer', items: firstMeeting },
    { title: 'Sans mentor pour le moment', items: noMentor },
  ].filter((s) => s.items.length > 0);

  const effects = [accessed(deps, viewer.id, viewer.kind, 'mentor.followup.viewed', youths.map((y) => y.id), { youths: youths.length })];
  if (sections.length === 0) {
    return mentorReply('ok', `*Suivi*\nRien ne demande votre attention pour le moment (${youths.length} jeune${youths.length > 1 ? 's' : ''} suivi${youths.length > 1 ? 's' : ''}).`, { effects });
  }

  const example = firstMeeting[0] ?? youths[0]!.firstName;
  const hint = `Un rendez-vous a eu lieu ? Écrivez « rdv fait avec ${example.replace(/ \p{Lu}\.$/u, '')} : votre note ».`;
  const text = ['*Suivi — ce qui demande votre attention*', ...sections.flatMap((s) => ['', `*${s.title}*`, ...bullets(s.items)]), '', hint].join('\n');
  const card: StaffCard = {
    title: 'Suivi — ce qui demande votre attention',
    facts: sections.map((s) => ({ title: s.title, value: s.items.slice(0, MAX_PER_SECTION).join(' ; ') })),
    body: hint,
    urgency: crisis ? 'urgent' : 'normal',
  };
  return mentorReply('ok', text, { card, effects });
}

function bullets(items: string[]): string[] {
  const shown = items.slice(0, MAX_PER_SECTION).map((i) => `- ${i}`);
  if (items.length > MAX_PER_SECTION) shown.push(`- … et ${items.length - MAX_PER_SECTION} autres`);
  return shown;
}
