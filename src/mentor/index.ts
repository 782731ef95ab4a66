/**
 * Super Mentor IA: helps mentors and chargés de mission think about their youths — a deputy,
 * never a decision-maker. Each feature returns a `MentorReply` (French text ending with the
 * framing line, an optional Teams card, and the writes to commit: journal, milestone).
 */
export { mentorStep, mentorHelp, MEETING_ACTION, type MentorStepOptions } from './step.js';
export { myYouths } from './my-youths.js';
export { youthProfile } from './profile.js';
export { youthSummary, DEFAULT_PERIOD_DAYS } from './summary.js';
export { followUp } from './follow-up.js';
export { recordMeeting } from './meeting.js';
export { commitReply, type MentorReply, type ReplyOutcome, type Effect } from './reply.js';
export { viewerOf, youthsInScope, findYouth, type Viewer, type ScopedYouth, type Relation } from './scope.js';
export { isDeniedField, shareableProfile } from './profile-fields.js';
export { FRAMING } from './copy.js';
export type { MentorDeps, Narrator, SummaryFacts } from './context.js';
