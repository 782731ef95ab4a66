import type { Redis } from 'ioredis';
import type { InboundMessage } from '../../src/engine/messages.js';

// Longer than the deliver worker's whole retry schedule (8 attempts, exponential from 1 s).
const LEDGER_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Remembers which parts of a split message already left, so that a delivery retried after a
 * partial success (the network dropped after part 2 of 3) sends only what is missing; and maps
 * every part's platform id to the first part's, which is the one stored on the outbound row,
 * so statuses and reactions on any part find their message.
 */
export class PartsLedger {
  constructor(
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
  ) {}

  async sentPart(outboundId: string, index: number | string): Promise<string | null> {
    if (!this.redis) return null;
    return this.redis.get(this.partKey(outboundId, index));
  }

  async recordPart(outboundId: string, index: number | string, platformId: string, primaryId: string): Promise<void> {
    if (!this.redis) return;
    const multi = this.redis.multi().set(this.partKey(outboundId, index), platformId, 'EX', LEDGER_TTL_SECONDS);
    if (platformId !== primaryId) multi.set(this.aliasKey(platformId), primaryId, 'EX', LEDGER_TTL_SECONDS);
    await multi.exec();
  }

  /** The id stored on the outbound row for a message part (itself for a first part). */
  async primaryOf(platformId: string): Promise<string> {
    if (!this.redis) return platformId;
    return (await this.redis.get(this.aliasKey(platformId))) ?? platformId;
  }

  /** A reaction to any part of a split answer is a reaction to the answer (its first part's id). */
  async withPrimaryTarget(inbound: InboundMessage): Promise<InboundMessage> {
    if (!inbound.reaction) return inbound;
    const target = await this.primaryOf(inbound.reaction.targetMessageId);
    return target === inbound.reaction.targetMessageId ? inbound : { ...inbound, reaction: { ...inbound.reaction, targetMessageId: target } };
  }

  private partKey(outboundId: string, index: number | string) {
    return `${this.prefix}:wa:part:${outboundId}:${index}`;
  }

  private aliasKey(platformId: string) {
    return `${this.prefix}:wa:alias:${platformId}`;
  }
}
