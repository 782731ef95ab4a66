import { and, eq, isNull } from 'drizzle-orm';
import { milestones, persons } from '../db/schema.js';
import { redact } from '../safety/index.js';
import { accessed } from './access-log.js';
import { nowOf, type MentorDeps } from './context.js';
import { dateFr } from './copy.js';
import { overview } from './facts.js';
import { mentorReply, type Effect, type MentorReply } from './reply.js';
import { resolveYouth, type Viewer } from './scope.js';

// A note is a line in a logbook, not a report.
const MAX_NOTE_CHARS = 500;

/**
 * « rdv fait avec Inès : CV revu » (or the `meeting:record` card action): records a meeting as
 * a milestone, its note sealed. The first meeting of a mentee with their mentor also sets
 * `persons.first_meeting_at` and is recorded as `first_meeting` — decided inside the
 * transaction, so two meetings noted at once cannot both be the first.
 */
export async function recordMeeting(
  deps: MentorDeps,
  viewer: Viewer,
  target: { name: string } | { youthId: string },
  note?: string,
): Promise<MentorReply> {
  const found = await resolveYouth(deps, viewer, 'meeting', target);
  if ('reply' in found) return found.reply;
  const { youth } = found;
  const state = (await overview(deps.db, [youth])).get(youth.id)!;
  const first = youth.relation === 'mentor' && !state.firstMeetingDone;
  // Masked like any message: a note may still name a health matter or a phone number.
  const clean = note ? redact(note.replace(/\s+/g, ' ').trim()).text.slice(0, MAX_NOTE_CHARS) : '';
  const at = nowOf(deps);

  const effect: Effect = async (tx) => {
    let kind = 'meeting';
    if (first) {
      const set = await tx
        .update(persons)
        .set({ firstMeetingAt: at })
        .where(and(eq(persons.id, youth.id), isNull(persons.firstMeetingAt)))
        .returning({ id: persons.id });
      if (set.length > 0) kind = 'first_meeting';
    }
    await tx.insert(milestones).values({ youthId: youth.id, byPersonId: viewer.id, kind, note: clean ? deps.sealer.seal(clean) : null, at });
  };

  const what = first ? `Premier rendez-vous avec ${youth.firstName}` : `Rendez-vous avec ${youth.firstName}`;
  const lines = [`C'est noté ✅ ${what} enregistré le ${dateFr(at)}${clean ? ` — « ${clean} »` : ''}.`];
  if (clean) lines.push(viewer.kind === 'mentor' ? 'Votre note est chiffrée, visible de vous et de son chargé de mission NQT.' : 'Votre note est chiffrée, visible des chargés de mission NQT qui suivent ce jeune.');
  else lines.push(`La prochaine fois, vous pouvez ajouter une note : « rdv fait avec ${youth.firstName} : CV revu ».`);
  if (first) lines.push(`Avant la prochaine séance : « synthèse ${youth.firstName} ».`);
  return mentorReply('ok', lines.join('\n'), {
    subjectPersonId: youth.id,
    effects: [effect, accessed(deps, viewer.id, viewer.kind, 'mentor.meeting.recorded', [youth.id], { first, withNote: clean !== '' })],
  });
}
