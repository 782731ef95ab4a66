import type { AnswerResult } from '../answers/answerer.js';
import { moderateAnswer } from '../safety/index.js';
import { copy } from '../copy/index.js';

// Words that signal an important decision: the youth is invited to check and talk it over.
const DECISION =
  /\b(d[ée]missionn?|rupture conventionnelle|quitter (mon|son|le|ce) (job|poste|travail|taf|boulot|cdi|entreprise)|accepter (une|l'|cette|la) (offre|proposition|poste)|signer|contrat|p[ée]riode d'essai|salaire|n[ée]goci|r[ée]mun[ée]ration|argent|pr[êe]t|cr[ée]dit|dette|loyer|visale|caution|[ée]tudes|reprendre (mes|les) [ée]tudes|master|formation payante|licenciement|prud'?hom)/i;

export const MENTOR_FRAMING = '_Aide à la réflexion — vous restez décisionnaire._';

/**
 * Last look at a composed answer before it is sent: output moderation (nothing
 * discriminatory, offensive or moralizing, no medical or legal verdict, no promise on NQT's
 * behalf — a blocked answer becomes a refusal with an offer of a human), the critical-thinking
 * nudge on important decisions, and the suggestion framing for mentors.
 */
export function reviewAnswer(result: AnswerResult, ctx: { audience: 'youth' | 'mentor'; question: string }): AnswerResult {
  if (result.kind === 'answer') {
    const verdict = moderateAnswer(result.text);
    if (!verdict.ok) {
      return {
        ...result,
        kind: 'refusal',
        tier: 'none',
        reason: 'no_source',
        text: copy.charter.moderationBlocked,
        sources: [],
        trace: { ...result.trace, moderation: { blocked: true, reasons: verdict.reasons } },
      };
    }
  }
  if (ctx.audience === 'mentor') return { ...result, text: `${result.text}\n\n${MENTOR_FRAMING}` };
  if (result.kind === 'answer' && (DECISION.test(ctx.question) || DECISION.test(result.text))) {
    return { ...result, text: `${result.text}\n\n${copy.charter.criticalThinking}` };
  }
  return result;
}
