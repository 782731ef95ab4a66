import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { AppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { ChannelAdapter, SealedOutbound, SendResult } from '../../src/outbox/sealed.js';
import type { EndpointStore } from './endpoints.js';
import { toActivity } from './outbound.js';

// The Bot Connector answers these for a conversation that will never accept the message
// (bot removed, user blocked it, malformed payload): retrying cannot help.
const PERMANENT_STATUSES = new Set([400, 403, 404, 413]);

export interface TeamsSenderDeps {
  adapter: CloudAdapter;
  /** Our app id (empty in local mode): the identity proactive turns run under. */
  appId: string;
  /** The store, once the runtime exists (the adapter is built before it). */
  endpoints: () => EndpointStore | undefined;
  pseudo: () => ((value: string) => string) | undefined;
  log: Logger;
}

/**
 * Sends on Teams, always proactively: the answer to a question is computed after the inbound
 * request returned (the 15-second rule), so every message — answers, notices, staff cards —
 * goes through `continueConversationAsync` with the stored conversation reference.
 */
export class TeamsSender implements ChannelAdapter {
  readonly channel = 'teams' as const;

  constructor(private readonly deps: TeamsSenderDeps) {}

  async send(message: SealedOutbound): Promise<SendResult> {
    const reference = await this.reference(message.to);
    let platformMessageId: string | undefined;
    try {
      await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context: TurnContext) => {
        const response = await context.sendActivity(toActivity(message));
        platformMessageId = response?.id || undefined;
      });
    } catch (err) {
      throw this.classify(err, message.id, message.to);
    }
    return platformMessageId ? { platformMessageId } : {};
  }

  /** Best effort: a typing indicator never fails the work it accompanies. */
  async typing(to: string): Promise<void> {
    try {
      const reference = await this.reference(to);
      await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context: TurnContext) => {
        await context.sendActivity({ type: 'typing' });
      });
    } catch (err) {
      this.deps.log.debug({ address: this.pseudo(to), err: err instanceof Error ? err.message : String(err) }, 'teams typing not sent');
    }
  }

  private async reference(to: string): Promise<Partial<ConversationReference>> {
    const endpoints = this.deps.endpoints();
    // Not started yet: a plain error, so the delivery is retried once the process is up.
    if (!endpoints) throw new Error('teams channel not started (no database bound)');
    const reference = await endpoints.find(to);
    if (!reference?.serviceUrl || !reference.conversation?.id) {
      throw new AppError('DELIVERY_REJECTED', 'no Teams conversation reference for this address (the bot was never installed there)');
    }
    return reference;
  }

  private classify(err: unknown, outboundId: string, to: string): Error {
    const status = statusOf(err);
    const permanent = status !== undefined && PERMANENT_STATUSES.has(status);
    this.deps.log.warn({ outboundId, address: this.pseudo(to), status, permanent }, 'teams send failed');
    const reason = `Bot Connector ${status ?? 'error'}: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`;
    return permanent ? new AppError('DELIVERY_REJECTED', reason, { cause: err }) : new Error(reason, { cause: err });
  }

  private pseudo(value: string): string {
    return this.deps.pseudo()?.(value) ?? 'unbound';
  }
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const value of [e?.statusCode, e?.status, e?.response?.status]) if (typeof value === 'number') return value;
  return undefined;
}
