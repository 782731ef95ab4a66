import { charterContext } from '../../copy/charter.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { Step } from '../../engine/pipeline.js';
import { reply, type Turn } from '../../engine/turn.js';
import { copy } from '../../copy/index.js';
import { recordConsent } from '../consent.js';
import { parseIntent, type Intent } from '../intents.js';

/**
 * Commands that work whatever the consent: the charter's AIDE, CHARTE, STOP, SUPPRIMER, and
 * reaching a human (MENTOR, ALERTE) — asking for a person is not AI processing, and a ticket
 * must always reach someone, even from a youth who never said yes.
 */
const ALWAYS = new Set(['help', 'charter', 'stop', 'delete', 'human', 'alert']);
const MIN_PENDING_CHARS = 12;
const MAX_PENDING = 3;

export function intentOf(turn: Turn): Intent {
  const action = turn.inbound.action?.id;
  if (action === 'consent:yes') return { kind: 'consent_yes' };
  if (action === 'consent:no') return { kind: 'consent_no' };
  return parseIntent(turn.text);
}

/**
 * Access for youths: a suspended youth is told how to contest (suspension is a human
 * decision, made through the admin API); nothing else is processed until the youth has said
 * yes to the current charter version. A question asked before consent is kept and answered
 * right after the yes, so nobody has to ask twice on a patchy connection.
 */
export function accessStep(deps: EngineDeps): Step<Turn> {
  const ctx = charterContext(deps.config);
  return {
    name: 'access',
    async run(turn, next) {
      const person = turn.person;
      if (!person || person.role !== 'youth') return next();
      const intent = intentOf(turn);
      const pending = (turn.conversation?.state as { pending?: { kind: string } }).pending;

      if (person.status === 'suspended') {
        if (intent.kind === 'stop' || intent.kind === 'delete' || pending) return next();
        turn.intent = 'suspended';
        return reply(turn, 'notice', copy.charter.suspended(ctx));
      }
      const consented = turn.consent?.granted === true && turn.consent.version === deps.config.CHARTER_VERSION;
      if (consented || ALWAYS.has(intent.kind) || pending) return next();

      if (intent.kind === 'consent_yes') {
        turn.intent = 'consent_yes';
        const state = turn.conversation!.state as { pendingQuestions?: string[] };
        turn.statePatch = { ...turn.statePatch, pendingQuestions: null };
        recordConsent(deps, turn, 'granted');
        if (state.pendingQuestions?.length) {
          reply(turn, 'consent', copy.charter.consentGrantedWithPending);
          turn.releaseAnswers.push(...state.pendingQuestions);
        } else {
          reply(turn, 'consent', copy.charter.consentGranted, { actions: [{ id: 'share:on', title: 'PARTAGE OUI' }, { id: 'share:off', title: 'PARTAGE NON' }] });
        }
        return;
      }
      if (intent.kind === 'consent_no') {
        turn.intent = 'consent_no';
        recordConsent(deps, turn, 'refused');
        return reply(turn, 'consent', copy.charter.consentRefused);
      }

      // Not (yet) consented: greet once with the full terms, then remind briefly.
      turn.intent = 'awaiting-consent';
      const state = turn.conversation!.state as { welcomedVersion?: string; pendingQuestions?: string[] };
      const outdated = turn.consent?.granted === true && turn.consent.version !== deps.config.CHARTER_VERSION;
      const text = outdated ? copy.charter.consentAgain(ctx) : state.welcomedVersion === deps.config.CHARTER_VERSION ? copy.charter.waitingForConsent : copy.charter.welcome(ctx);
      turn.statePatch = { ...turn.statePatch, welcomedVersion: deps.config.CHARTER_VERSION };
      // Real questions (not « allo ? ») wait for the yes; a few at most.
      if (intent.kind === 'question' && turn.text.trim().length >= MIN_PENDING_CHARS) {
        turn.statePatch.pendingQuestions = [...(state.pendingQuestions ?? []), turn.inboundId].slice(-MAX_PENDING);
      }
      reply(turn, 'consent', text, { actions: [{ id: 'consent:yes', title: 'OUI' }, { id: 'consent:no', title: 'NON' }] });
    },
  };
}
