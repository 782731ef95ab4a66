import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';

export const dedupeKey = (prefix: string, channel: string, id: string) => `${prefix}:dedupe:${channel}:${id}`;

/**
 * First line of idempotency: an atomic set-if-absent whose TTL outlives the platforms'
 * redelivery windows (Meta retries webhooks for days). The unique (channel, message id) row
 * is the second line. If the turn fails later, the engine deletes the key so that the
 * platform's retry is processed instead of lost.
 */
export function dedupeStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'dedupe',
    async run(turn, next) {
      const { channel, channelMessageId } = turn.inbound;
      const ok = await deps.redis.set(dedupeKey(deps.config.QUEUE_PREFIX, channel, channelMessageId), '1', 'EX', deps.config.DEDUPE_TTL_SECONDS, 'NX');
      if (ok !== 'OK') {
        turn.outcome = 'duplicate';
        return;
      }
      await next();
    },
  };
}
