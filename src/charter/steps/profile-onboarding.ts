import { eq, sql } from 'drizzle-orm';
import { persons } from '../../db/schema.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { Step } from '../../engine/pipeline.js';
import { reply, type Turn } from '../../engine/turn.js';
import { copy } from '../../copy/index.js';
import { normalizeForMatch } from '../../safety/index.js';

type Ask = 'lookingFor' | 'city';

const LOOKING_FOR: [RegExp, string][] = [
  [/\balternance\b|\balternant|\bapprentissage\b|\bcontrat pro/, 'alternance'],
  [/\bstage\b|\bstagiaire\b/, 'stage'],
  [/\bcdi\b/, 'CDI'],
  [/\bcdd\b|\binterim\b/, 'CDD'],
  [/\bservice civique\b/, 'service civique'],
  [/\bemploi\b|\bjob\b|\btaf\b|\btravail\b|\bboulot\b|\bposte\b/, 'emploi'],
];
const SKIP = /^(?:je (?:ne )?sais pas|jsp|aucune idee|passe|plus tard|non merci|pas maintenant|skip)\b/;
const MAX_ANSWER_WORDS = 6;

/** The next optional profile question to ask, if any. */
export function nextAsk(profile: Record<string, unknown>, after?: Ask): Ask | undefined {
  if (!after && !profile.lookingFor) return 'lookingFor';
  if (after !== 'city' && !profile.city) return 'city';
  return undefined;
}

/**
 * A short, optional onboarding conversation that fills the profile used to tailor advice. It
 * never blocks: an answer that is not an answer (a question, a command) simply ends it and is
 * handled as usual.
 */
export function profileOnboardingStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'profile-onboarding',
    async run(turn, next) {
      const ask = (turn.conversation?.state as { profileAsk?: Ask }).profileAsk;
      if (!ask || turn.person?.role !== 'youth') return next();
      turn.statePatch = { ...turn.statePatch, profileAsk: null };
      const text = normalizeForMatch(turn.text);
      const short = text.split(' ').length <= MAX_ANSWER_WORDS && !text.includes('?');
      if (!short) return next(); // a real question: answer it, stop asking
      if (SKIP.test(text)) {
        turn.intent = 'profile_skip';
        return reply(turn, 'command', copy.charter.profileSkipped);
      }
      let value: string | undefined;
      if (ask === 'lookingFor') value = LOOKING_FOR.find(([re]) => re.test(text))?.[1];
      else if (/^[\p{L}' -]{2,40}$/u.test(turn.text.trim())) value = turn.text.trim().replace(/^\p{Ll}/u, (c) => c.toUpperCase());
      if (!value) return next();
      turn.intent = `profile_${ask}`;
      const person = turn.person;
      turn.onCommit.push(async (tx) => {
        await tx.update(persons).set({ profile: sql`${persons.profile} || ${JSON.stringify({ [ask]: value })}::jsonb` }).where(eq(persons.id, person.id));
      });
      const following = nextAsk({ ...person.profile, [ask]: value }, ask);
      if (following) turn.statePatch.profileAsk = following;
      reply(turn, 'command', following ? `${copy.charter.profileNoted} ${copy.charter.profileAsk[following]}` : copy.charter.profileDone);
    },
  };
}
