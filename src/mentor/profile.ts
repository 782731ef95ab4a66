import type { StaffCard } from '../engine/messages.js';
import { accessed, refused } from './access-log.js';
import { nowOf, type MentorDeps } from './context.js';
import { de, mentorCopy } from './copy.js';
import { overview } from './facts.js';
import { shareableProfile } from './profile-fields.js';
import { mentorReply, type MentorReply } from './reply.js';
import { resolveYouth, shortName, type Viewer } from './scope.js';
import { formatTopics, topicsAsked } from './topics.js';

// Topics of the last three months: enough to see a trend, recent enough to still matter.
const PROFILE_TOPIC_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * « profil Inès »: studies, goals and search status (allowed fields only, never a sensitive
 * one) and what the youth asked Mentor IA about, by topic — only if the youth agreed to share.
 */
export async function youthProfile(deps: MentorDeps, viewer: Viewer, name: string): Promise<MentorReply> {
  const found = await resolveYouth(deps, viewer, 'profile', { name });
  if ('reply' in found) return found.reply;
  const { youth } = found;
  const facts = (await overview(deps.db, [youth])).get(youth.id)!;
  if (!facts.shares) {
    return mentorReply('no_consent', mentorCopy.noShare(youth.firstName, 'profile'), {
      effects: [refused(deps, viewer.id, 'profile', 'no_share_consent', youth.id)],
    });
  }

  const lines = shareableProfile(youth.profile, deps.config.ALLOWED_PROFILE_FIELDS);
  const since = new Date(nowOf(deps).getTime() - PROFILE_TOPIC_DAYS * DAY_MS);
  const topics = await topicsAsked(deps.db, youth.id, since);
  const who = shortName(youth);
  const title = `Profil ${de(who)}`;
  const topicsText = topics.length > 0 ? formatTopics(topics) : 'aucune question posée sur la période';
  const topicsTitle = `Thèmes abordés avec Mentor IA (${PROFILE_TOPIC_DAYS} derniers jours)`;
  const hint = `Partagé avec son accord. Pour ses progrès récents : « synthèse ${youth.firstName} ».`;

  const text = [
    `*${title}*`,
    ...(lines.length > 0 ? lines.map((l) => `- ${l.label} : ${l.value}`) : ['- Profil encore vide : ses études et objectifs seront à découvrir ensemble.']),
    `- ${topicsTitle} : ${topicsText}`,
    '',
    hint,
  ].join('\n');
  const card: StaffCard = {
    title,
    facts: [...lines.map((l) => ({ title: l.label, value: l.value })), { title: topicsTitle, value: topicsText }],
    body: hint,
  };
  return mentorReply('ok', text, {
    card,
    subjectPersonId: youth.id,
    effects: [accessed(deps, viewer.id, viewer.kind, 'mentor.profile.viewed', [youth.id], { fields: lines.map((l) => l.key), topics: topics.length })],
  });
}
