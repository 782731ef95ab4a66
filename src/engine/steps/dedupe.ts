import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';

export const dedupeKey = (prefix: string, channel: string, id: string) => `${prefix}:dedupe:${channel}:${id}`;

/**
 * First line of idempotency: an atomic set-if-absent whose TTL outlives the platforms'
 * redelivery windows (Meta retries webhooks for days). The unique (channel, message id) row
 * is the second line. If the turn fails later, the engine deletes the key so that the
 * platform's retry is processed instead of lost. A turn from the inbox marks the key with its
 * inbox row: when its process dies mid-turn, the retried turn finds its own mark and goes on
 * (otherwise the message would be taken for a duplicate, and lost).
 */
export function dedupeStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'dedupe',
    async run(turn, next) {
      const { channel, channelMessageId } = turn.inbound;
      const mark = turn.inboxId ?? '1';
      // SET … NX GET (Redis ≥ 7): null when this call set the key, else the mark already there.
      const previous = (await deps.redis.call('set', dedupeKey(deps.config.QUEUE_PREFIX, channel, channelMessageId), mark, 'EX', deps.config.DEDUPE_TTL_SECONDS, 'NX', 'GET')) as string | null;
      if (previous !== null && !(turn.inboxId && previous === turn.inboxId)) {
        turn.outcome = 'duplicate';
        return;
      }
      await next();
    },
  };
}
