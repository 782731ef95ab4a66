import { charterContext } from '../../copy/charter.js';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { answerTraces, feedback, outboundMessages } from '../../db/schema.js';
import { recordConsent } from '../consent.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { Step } from '../../engine/pipeline.js';
import { reply, type Turn } from '../../engine/turn.js';
import { copy } from '../../copy/index.js';
import { openEscalation } from '../../escalations/open.js';
import { count, journal } from '../../privacy/audit.js';
import { countExchanges, eraseExchanges, removeErasedJobs, type ErasureReport } from '../../privacy/erase.js';

type ErasureIds = Pick<ErasureReport, 'inboundIds' | 'outboundIds'>;
import { exportPersonData } from '../../privacy/export.js';
import { isNo, isYes, type ReportReason } from '../intents.js';
import { intentOf } from './access.js';
import { profileCommand } from './profile.js';
import { nextAsk } from './profile-onboarding.js';

// A confirmation older than this is forgotten: « oui » an hour later is not « delete everything ».
const CONFIRM_WINDOW_MS = 10 * 60_000;
const THUMBS_UP = /^(👍|❤️|🙏|👏|😊|🙂|✅)/u;
const THUMBS_DOWN = /^(👎|😡|😠|❌)/u;

/**
 * The youth's rights and controls as commands (AIDE, CHARTE, STOP, SUPPRIMER, MES DONNÉES,
 * SIGNALER, MENTOR, ALERTE, PROFIL, PARTAGE…), tolerant to case, accents and typos.
 */
export function commandsStep(deps: EngineDeps): Step<Turn> {
  const ctx = charterContext(deps.config);
  return {
    name: 'commands',
    async run(turn, next) {
      const person = turn.person;
      if (!person || person.role !== 'youth') return next();
      const subject = deps.pseudo(`person:${person.id}`);
      const state = turn.conversation!.state as { pending?: { kind: string; at: number } };

      if (state.pending?.kind === 'delete' && Date.now() - state.pending.at < CONFIRM_WINDOW_MS && (isYes(turn.text) || isNo(turn.text))) {
        turn.statePatch = { ...turn.statePatch, pending: null };
        if (isNo(turn.text)) {
          turn.intent = 'delete_cancelled';
          return reply(turn, 'command', copy.charter.deleteCancelled);
        }
        turn.intent = 'delete_confirmed';
        // The confirmation message itself is erased too: journal nothing of it.
        turn.persist = false;
        const ids: ErasureIds = { inboundIds: [], outboundIds: [] };
        turn.onCommit.push(async (tx) => {
          Object.assign(ids, await eraseExchanges(tx, person.id, { actor: subject, subject, why: 'requested by the youth (SUPPRIMER)', pseudo: deps.pseudo }));
        });
        reply(turn, 'command', copy.charter.deleted(await countExchanges(deps.db, person.id)));
        turn.afterCommit.push(() => removeErasedJobs(deps.queues, ids));
        return;
      }

      // Reactions and buttons on an answer are feedback.
      if (turn.inbound.kind === 'reaction' || turn.inbound.action?.id.startsWith('feedback:')) {
        const emoji = turn.inbound.reaction?.emoji ?? '';
        const up = turn.inbound.action?.id === 'feedback:up' || THUMBS_UP.test(emoji);
        const down = turn.inbound.action?.id === 'feedback:down' || THUMBS_DOWN.test(emoji);
        if (!up && !down) {
          turn.outcome = 'ignored';
          return;
        }
        turn.intent = up ? 'feedback_up' : 'feedback_down';
        const target = await lastAnswer(deps, turn, turn.inbound.reaction?.targetMessageId);
        turn.onCommit.push(async (tx) => {
          await tx.insert(feedback).values({ personId: person.id, outboundId: target?.id, traceId: target?.traceId, reason: up ? 'positive' : 'negative', source: turn.inbound.action ? 'button' : 'reaction' });
          await count(tx, 'feedback', up ? 'positive' : 'negative');
        });
        return reply(turn, 'command', up ? copy.charter.feedbackUp : copy.charter.feedbackDown);
      }
      if (turn.inbound.action?.id === 'share:on' || turn.inbound.action?.id === 'share:off') {
        return share(deps, turn, turn.inbound.action.id === 'share:on');
      }

      const intent = intentOf(turn);
      switch (intent.kind) {
        case 'help':
          turn.intent = 'help';
          return reply(turn, 'command', copy.charter.help);
        case 'charter':
          turn.intent = 'charter';
          return reply(turn, 'command', copy.charter.charter(ctx));
        case 'stop':
          turn.intent = 'stop';
          recordConsent(deps, turn, 'withdrawn');
          return reply(turn, 'command', copy.charter.stop(ctx));
        case 'delete':
          turn.intent = 'delete';
          turn.statePatch = { ...turn.statePatch, pending: { kind: 'delete', at: Date.now() } };
          return reply(turn, 'command', copy.charter.deleteConfirm, { actions: [{ id: 'confirm:yes', title: 'OUI' }, { id: 'confirm:no', title: 'NON' }] });
        case 'my_data': {
          turn.intent = 'my_data';
          const text = await exportPersonData(deps.db, deps.sealer, person.id);
          turn.onCommit.push((tx) => journal(tx, { actor: subject, action: 'data.exported', subject }));
          return reply(turn, 'command', text);
        }
        case 'report':
          return report(deps, turn, intent.reason, intent.text);
        case 'human':
          turn.intent = 'human';
          return openEscalation(deps, turn, { kind: 'human', reason: 'asked for a human' });
        case 'alert':
          turn.intent = 'alert';
          return openEscalation(deps, turn, { kind: 'alert', reason: 'ALERTE' });
        case 'profile':
          return profileCommand(deps, turn);
        case 'share_on':
        case 'share_off':
          return share(deps, turn, intent.kind === 'share_on');
        case 'thanks':
          turn.intent = 'thanks';
          return reply(turn, 'command', copy.charter.thanks);
        case 'greeting':
          turn.intent = 'greeting';
          return reply(turn, 'command', copy.charter.greeting);
        case 'consent_yes':
        case 'consent_no':
          // Already consented: a bare « oui » / « non » is small talk, not a question.
          turn.intent = intent.kind;
          return reply(turn, 'command', copy.charter.greeting);
        default:
          return next();
      }
    },
  };
}

function share(deps: EngineDeps, turn: Turn, on: boolean): void {
  turn.intent = on ? 'share_on' : 'share_off';
  recordConsent(deps, turn, on ? 'share.granted' : 'share.withdrawn');
  // Then, once, the optional profile questions (never blocking).
  const ask = (turn.conversation!.state as { profileAsked?: boolean }).profileAsked ? undefined : nextAsk(turn.person!.profile);
  const text = on ? copy.charter.shareOn : copy.charter.shareOff;
  if (!ask) return reply(turn, 'command', text);
  turn.statePatch = { ...turn.statePatch, profileAsk: ask, profileAsked: true };
  reply(turn, 'command', `${text}\n\n${copy.charter.profileAsk[ask]}`);
}

async function lastAnswer(deps: EngineDeps, turn: Turn, platformMessageId?: string) {
  const where = platformMessageId
    ? and(eq(outboundMessages.conversationId, turn.conversation!.id), eq(outboundMessages.platformMessageId, platformMessageId))
    : and(eq(outboundMessages.conversationId, turn.conversation!.id), inArray(outboundMessages.kind, ['answer', 'refusal']));
  const [row] = await deps.db
    .select({ id: outboundMessages.id, traceId: answerTraces.id })
    .from(outboundMessages)
    .leftJoin(answerTraces, eq(answerTraces.outboundId, outboundMessages.id))
    .where(where)
    .orderBy(desc(outboundMessages.seq))
    .limit(1);
  return row;
}

async function report(deps: EngineDeps, turn: Turn, reason: ReportReason, text?: string): Promise<void> {
  const person = turn.person!;
  turn.intent = 'report';
  const target = await lastAnswer(deps, turn);
  if (!target) return reply(turn, 'command', copy.charter.reportNothing);
  turn.onCommit.push(async (tx) => {
    await tx.insert(feedback).values({ personId: person.id, outboundId: target.id, traceId: target.traceId, reason, text: text ? deps.sealer.seal(text) : null, source: 'command' });
    await journal(tx, { actor: deps.pseudo(`person:${person.id}`), action: 'answer.reported', detail: { reason } });
    await count(tx, 'reports', reason);
  });
  reply(turn, 'command', copy.charter.reportThanks);
}
