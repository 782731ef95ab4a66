import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import { reply, type Turn } from '../turn.js';
import { copy } from '../../copy/index.js';

/**
 * What the engine cannot treat as a question gets a short, kind reply instead of silence:
 * an empty message, a huge one, a voice note, a sticker, a location…
 */
export function contentStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'content',
    async run(turn, next) {
      const { inbound } = turn;
      switch (inbound.kind) {
        case 'system':
          if (inbound.action?.id === 'teams:installed' && turn.person?.role !== 'youth') return reply(turn, 'notice', copy.engine.teamsWelcome);
          turn.outcome = 'ignored';
          return;
        case 'deleted':
          turn.outcome = 'ignored';
          return;
        case 'button':
          // A click on a card whose action no step claimed: nothing to answer.
          if (!inbound.text.trim()) {
            turn.outcome = 'ignored';
            return;
          }
          break;
        case 'voice':
          if (!inbound.text.trim()) return reply(turn, 'notice', copy.engine.voiceUnsupported);
          break;
        case 'sticker':
        case 'location':
        case 'contact':
        case 'unsupported':
          return reply(turn, 'notice', copy.engine.kindUnsupported);
        case 'media':
          if (!inbound.text.trim()) return reply(turn, 'notice', copy.engine.mediaWithoutText);
          break;
        default:
          break;
      }
      if (inbound.text.length > deps.config.MAX_INBOUND_CHARS) return reply(turn, 'notice', copy.engine.tooLong(deps.config.MAX_INBOUND_CHARS));
      if (!turn.text.trim()) return reply(turn, 'notice', copy.engine.empty);
      await next();
    },
  };
}
