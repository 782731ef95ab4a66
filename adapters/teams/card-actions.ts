import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { channelEndpoints, outboundMessages } from '../../src/db/schema.js';
import type { InboundMessage, OutboundAction, StaffCard } from '../../src/engine/messages.js';
import type { Logger } from '../../src/log.js';
import type { Sealer } from '../../src/privacy/crypto.js';
import { ADAPTIVE_CARD, attachment, staffCard, statusCard, type AdaptiveCard } from './cards.js';
import { teamsCopy } from './copy.js';

export interface CardActionDeps {
  db: Db;
  sealer: Sealer;
  aiDisclosure: string;
  log: Logger;
}

/** The body of an `adaptiveCard/action` invoke response (Teams universal actions). */
export type CardActionResponse =
  | { statusCode: 200; type: typeof ADAPTIVE_CARD; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string }
  | { statusCode: 400; type: 'application/vnd.microsoft.error'; value: { code: string; message: string } };

/**
 * After the engine accepted a card action: the card, with the clicked button gone and a line
 * saying who did it and when, replaces the original for everyone in the conversation (an
 * `Action.Execute` response alone would only update it for the person who clicked).
 * Returns the updated card, for the invoke response.
 */
export async function markCardActionDone(context: TurnContext, inbound: InboundMessage, deps: CardActionDeps): Promise<AdaptiveCard> {
  const actionId = inbound.action!.id;
  const status = teamsCopy.actionDone(actionId, context.activity.from?.name, inbound.receivedAt);
  const cardActivityId = context.activity.replyToId;
  const original = cardActivityId ? await sentCard(deps, context.activity, cardActivityId) : undefined;
  const card = original
    ? staffCard(original.label, original.card, { status, actions: remainingActions(original.card.actions ?? [], actionId) })
    : statusCard(deps.aiDisclosure, status);
  if (cardActivityId) {
    try {
      await context.updateActivity({ type: ActivityTypes.Message, id: cardActivityId, attachments: [attachment(card)] });
    } catch (err) {
      // The invoke response still updates the card of whoever clicked; the rest is cosmetic.
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'teams card update failed');
    }
  }
  return card;
}

export function cardResponse(card: AdaptiveCard): CardActionResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD, value: card };
}

/**
 * A synchronous text answer to an invoke. It cannot go through the (asynchronous) outbox, so it
 * takes the AI disclosure explicitly: every message MAIA writes says it is AI-assisted.
 */
export function messageResponse(aiDisclosure: string, text: string): CardActionResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: `${aiDisclosure}\n\n${text}` };
}

export function badRequestResponse(message: string): CardActionResponse {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } };
}

/** Answers the invoke synchronously: the body goes back in the HTTP response to Teams. */
export async function sendInvokeResponse(context: TurnContext, body: CardActionResponse): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/**
 * The staff card MAIA sent as that Teams activity (bodies are sealed at rest). Teams message
 * ids are unique only within a conversation, so the row must also have been addressed here:
 * to this conversation or its channel, to an alias of them, or to the person who clicked.
 */
async function sentCard(deps: CardActionDeps, activity: Activity, platformMessageId: string): Promise<{ label: string; card: StaffCard } | undefined> {
  const conversationId = activity.conversation.id;
  const places = [conversationId, conversationId.split(';')[0]!];
  const aliases = await deps.db
    .select({ alias: channelEndpoints.alias })
    .from(channelEndpoints)
    .where(and(eq(channelEndpoints.channel, 'teams'), inArray(channelEndpoints.address, places), isNotNull(channelEndpoints.alias)));
  const addresses = [...places, ...aliases.map((a) => a.alias!), activity.from.id, activity.from.aadObjectId].filter((a): a is string => !!a);
  const [row] = await deps.db
    .select({ body: outboundMessages.body })
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.channel, 'teams'),
        eq(outboundMessages.platformMessageId, platformMessageId),
        inArray(outboundMessages.address, addresses),
      ),
    )
    .orderBy(desc(outboundMessages.createdAt))
    .limit(1);
  if (!row) return undefined;
  try {
    const stored = JSON.parse(deps.sealer.open(row.body)) as { label?: string; card?: StaffCard };
    return stored.card && stored.label ? { label: stored.label, card: stored.card } : undefined;
  } catch {
    return undefined; // sealed with a retired key, or not a card: the status card will do
  }
}

/** Without the clicked button; resolving a ticket also retires its « take charge » button. */
export function remainingActions(actions: readonly OutboundAction[], clicked: string): OutboundAction[] {
  const resolved = /^escalation:resolve:(.+)$/.exec(clicked)?.[1];
  return actions.filter((a) => a.id !== clicked && !(resolved && a.id === `escalation:ack:${resolved}`));
}
