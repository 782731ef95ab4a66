import { screenInbound } from '../../safety/index.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { Step } from '../../engine/pipeline.js';
import { reply, type Turn } from '../../engine/turn.js';
import { copy } from '../../copy/index.js';
import { openEscalation } from '../../escalations/open.js';

/**
 * The safety screen, on every inbound before anything else reads or stores the text:
 * sensitive spans are redacted (only the redacted text is stored or sent to an AI provider);
 * a youth in distress gets the fixed crisis reply and a chargé de mission is alerted urgently,
 * in this very turn, whatever their consent (vital interest).
 */
export function screenStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'screen',
    async run(turn, next) {
      const verdict = screenInbound(turn.inbound.text);
      turn.text = verdict.sensitive.text;
      turn.redactions = [...new Set(verdict.sensitive.spans.map((s) => s.category))];
      turn.safety = { misuse: verdict.misuse.misuse, misuseKind: verdict.misuse.kind, distress: verdict.distress.level };
      // Harassment alone is for the alert system (ALERTE), not the crisis lines.
      const crisis = verdict.distress.categories.some((c) => c !== 'harassment_severe');
      if (turn.person?.role === 'youth' && verdict.distress.level !== 'none' && crisis) {
        turn.intent = 'crisis';
        reply(turn, 'crisis', copy.charter.crisis);
        await openEscalation(deps, turn, { kind: 'crisis', reason: verdict.distress.categories.join(',') || 'distress', urgency: 'urgent', tellYouth: false });
        return;
      }
      await next();
    },
  };
}
