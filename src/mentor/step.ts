import { z } from 'zod';
import { parseMentorIntent, type MentorIntent } from '../charter/intents.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Step } from '../engine/pipeline.js';
import { reply, type Turn } from '../engine/turn.js';
import { refused } from './access-log.js';
import type { MentorDeps, Narrator } from './context.js';
import { mentorCopy } from './copy.js';
import { followUp } from './follow-up.js';
import { recordMeeting } from './meeting.js';
import { myYouths } from './my-youths.js';
import { youthProfile } from './profile.js';
import { mentorReply, type MentorReply } from './reply.js';
import { viewerOf, type Viewer } from './scope.js';
import { youthSummary } from './summary.js';

export interface MentorStepOptions {
  /** Writes the « En bref » of summaries (an LLM provider, later). Without it summaries are structured only. */
  narrate?: Narrator;
  /** The clock (tests). */
  now?: () => Date;
}

/** The card action that records a meeting: `{ id: 'meeting:record', data: { youthId, note? } }`. */
export const MEETING_ACTION = 'meeting:record';
const meetingData = z.object({ youthId: z.uuid(), note: z.string().max(2000).optional() });

type Handled = Exclude<MentorIntent['kind'], 'handback' | 'relay' | 'question'>;

/**
 * Super Mentor IA, for mentors and chargés de mission (Teams): « mes jeunes », « profil »,
 * « synthèse », « suivi », « rdv fait », « aide », and the `meeting:record` card action.
 * Reads happen here; every write (journal, milestone) goes to `turn.onCommit`. Relays,
 * hand-backs, free questions and other card actions pass on to the next steps, as does anyone
 * who is not a mentor or staff.
 */
export function mentorStep(deps: EngineDeps, opts: MentorStepOptions = {}): Step<Turn> {
  const mdeps: MentorDeps = { ...deps, narrate: opts.narrate, now: opts.now };
  return {
    name: 'mentor',
    async run(turn, next) {
      const person = turn.person;
      if (!person || (person.role !== 'mentor' && person.role !== 'staff')) return next();
      const { inbound } = turn;

      if (inbound.action) {
        if (inbound.action.id !== MEETING_ACTION) return next(); // escalation buttons and the like
        turn.intent = 'meeting';
        return answer(turn, await onMeetingAction(mdeps, viewerOf(person), person.id, inbound.action.data));
      }
      if (inbound.kind !== 'text') return next();

      const intent = parseMentorIntent(turn.text);
      if (intent.kind === 'handback' || intent.kind === 'relay' || intent.kind === 'question') return next();
      turn.intent = intent.kind;
      const viewer = viewerOf(person);
      if (intent.kind === 'help') return answer(turn, mentorHelp());
      if (!viewer) {
        return answer(turn, mentorReply('refused', mentorCopy.notAllowed, { effects: [refused(mdeps, person.id, intent.kind, 'not_allowed')] }));
      }
      answer(turn, await handle(mdeps, viewer, intent));
    },
  };
}

async function handle(deps: MentorDeps, viewer: Viewer, intent: Extract<MentorIntent, { kind: Handled }>): Promise<MentorReply> {
  switch (intent.kind) {
    case 'my_youths':
      return myYouths(deps, viewer);
    case 'follow_up':
      return followUp(deps, viewer);
    case 'profile':
      return youthProfile(deps, viewer, intent.name);
    case 'summary':
      return youthSummary(deps, viewer, intent.name, intent.period?.days);
    case 'meeting':
      return recordMeeting(deps, viewer, { name: intent.name }, intent.note);
    case 'help':
      return mentorHelp();
  }
}

/** « aide »: the commands, for anyone on the staff side. */
export function mentorHelp(): MentorReply {
  return mentorReply('ok', mentorCopy.help, { card: { title: mentorCopy.helpTitle, body: mentorCopy.help.split('\n').slice(1).join('\n') } });
}

async function onMeetingAction(deps: MentorDeps, viewer: Viewer | undefined, personId: string, data: unknown): Promise<MentorReply> {
  if (!viewer) return mentorReply('refused', mentorCopy.notAllowed, { effects: [refused(deps, personId, 'meeting', 'not_allowed')] });
  const parsed = meetingData.safeParse(data ?? {});
  if (!parsed.success) return mentorReply('invalid', mentorCopy.invalidAction, { effects: [refused(deps, personId, 'meeting', 'invalid_action')] });
  return recordMeeting(deps, viewer, { youthId: parsed.data.youthId }, parsed.data.note);
}

function answer(turn: Turn, r: MentorReply): void {
  reply(turn, 'command', r.text, { card: r.card, ...(r.subjectPersonId ? { subjectPersonId: r.subjectPersonId } : {}) });
  turn.onCommit.push(...r.effects);
  turn.log.debug({ sender: turn.pseudo, command: turn.intent, outcome: r.outcome }, 'super mentor');
}
