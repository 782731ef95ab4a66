import type { StaffCard } from '../engine/messages.js';
import { accessed } from './access-log.js';
import { nowOf, type MentorDeps } from './context.js';
import { ago, mentorCopy } from './copy.js';
import { overview, type YouthOverview } from './facts.js';
import { mentorReply, type MentorReply } from './reply.js';
import { shortName, youthsInScope, type ScopedYouth, type Viewer } from './scope.js';

// A chat message stays readable; a chargé de mission with a large portfolio uses « suivi ».
const MAX_LISTED = 25;

/**
 * « mes jeunes »: each youth with their last exchange with Mentor IA, requests waiting,
 * whether they share with their mentor, and whether the first meeting took place.
 */
export async function myYouths(deps: MentorDeps, viewer: Viewer): Promise<MentorReply> {
  const youths = await youthsInScope(deps.db, viewer);
  if (youths.length === 0) return mentorReply('ok', mentorCopy.noYouths(viewer.kind === 'cdm'));
  const now = nowOf(deps);
  const facts = await overview(deps.db, youths);
  const listed = youths.slice(0, MAX_LISTED);
  const cdm = viewer.kind === 'cdm';

  const lines = listed.map((y) => `- *${shortName(y)}* — ${summaryLine(y, facts.get(y.id)!, now, cdm)}`);
  if (youths.length > listed.length) lines.push(`- … et ${youths.length - listed.length} autres (écrivez « suivi » pour ce qui demande votre attention)`);
  const title = cdm ? `Votre portefeuille (${youths.length})` : `Vos jeunes (${youths.length})`;
  const example = listed[0]!.firstName;
  const hint = `Pour aller plus loin : « synthèse ${example} », « profil ${example} » ou « suivi ».`;

  const card: StaffCard = {
    title,
    facts: listed.map((y) => ({ title: shortName(y), value: summaryLine(y, facts.get(y.id)!, now, cdm) })),
    body: hint,
  };
  return mentorReply('ok', [`*${title}*`, ...lines, '', hint].join('\n'), {
    card,
    effects: [accessed(deps, viewer.id, viewer.kind, 'mentor.list.viewed', youths.map((y) => y.id), { youths: youths.length })],
  });
}

function summaryLine(y: ScopedYouth, f: YouthOverview, now: Date, cdm: boolean): string {
  const hasMentor = y.relation === 'mentor' || f.mentor !== undefined;
  const parts = [
    `dernier échange avec Mentor IA : ${ago(f.lastMessageAt, now)}`,
    ...(hasMentor ? [`1er rendez-vous : ${f.firstMeetingDone ? 'fait' : 'à fixer'}`] : []),
    `partage avec le mentor : ${f.shares ? 'oui' : 'non'}`,
    `demandes en attente : ${f.pending.filter((e) => e.status === 'open').length}`,
  ];
  if (cdm && y.relation === 'portfolio') {
    parts.unshift(f.mentor ? `mentor : ${shortName({ firstName: f.mentor.firstName ?? '?', lastName: f.mentor.lastName })}` : 'sans mentor');
  }
  return parts.join(' · ');
}
