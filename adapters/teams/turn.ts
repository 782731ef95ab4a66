import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { ReceiveResult } from '../../src/engine/engine.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import type { Logger } from '../../src/log.js';
import {
  badRequestResponse,
  cardResponse,
  markCardActionDone,
  messageResponse,
  sendInvokeResponse,
  type CardActionDeps,
} from './card-actions.js';
import { teamsCopy } from './copy.js';
import { channelDataOf, rememberConversation, rememberRenamedChannel, rememberTeamChannels, type DestinationDeps } from './destinations.js';
import { CARD_ACTION_INVOKE, isFromBot, isPersonal, parseCardAction, parseInstallation, parseMessage } from './inbound.js';

export interface TurnDeps extends DestinationDeps, CardActionDeps {
  engine: { receive(inbound: InboundMessage): Promise<ReceiveResult> };
  pseudo: (value: string) => string;
  log: Logger;
}

/**
 * The bot's logic for one inbound activity. It never computes an answer here (Teams gives a
 * bot 15 seconds): `engine.receive` only persists and enqueues, a typing indicator tells the
 * person an answer is coming, and the answer leaves later through the channel's `send()`.
 */
export function createTurnLogic(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    if (!activity.from?.id || !activity.conversation?.id || isFromBot(activity)) return;
    switch (activity.type) {
      case ActivityTypes.Message:
        return onMessage(context, deps);
      case ActivityTypes.Invoke:
        // Other invokes get botbuilder's 501: MAIA declares no other capability.
        if (activity.name === CARD_ACTION_INVOKE) return onCardAction(context, deps);
        return;
      case ActivityTypes.ConversationUpdate:
        return onConversationUpdate(context, deps);
      case ActivityTypes.InstallationUpdate:
        return onInstallationUpdate(context, deps);
      default:
        return;
    }
  };
}

async function onMessage(context: TurnContext, deps: TurnDeps): Promise<void> {
  await rememberConversation(context.activity, deps);
  const inbound = parseMessage(context.activity);
  const result = await receive(inbound, deps);
  if (inbound.action) {
    // An `Action.Submit` (clients without universal actions): update the card for everyone.
    if (accepted(result)) await markCardActionDone(context, inbound, deps);
    return;
  }
  if (result.answerJobId) await typing(context, deps);
}

async function onCardAction(context: TurnContext, deps: TurnDeps): Promise<void> {
  await rememberConversation(context.activity, deps);
  const inbound = parseCardAction(context.activity);
  if (!inbound) return sendInvokeResponse(context, badRequestResponse(teamsCopy.actionInvalid));
  const result = await receive(inbound, deps);
  if (!accepted(result)) return sendInvokeResponse(context, messageResponse(deps.aiDisclosure, teamsCopy.actionRefused));
  const card = await markCardActionDone(context, inbound, deps);
  await sendInvokeResponse(context, cardResponse(card));
}

async function onConversationUpdate(context: TurnContext, deps: TurnDeps): Promise<void> {
  const activity = context.activity;
  const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
  if (botAdded) {
    await rememberConversation(activity, deps);
    await rememberTeamChannels(context, deps);
    return;
  }
  const event = channelDataOf(activity).eventType;
  if (event === 'channelCreated' || event === 'channelRenamed') await rememberRenamedChannel(activity, deps);
}

async function onInstallationUpdate(context: TurnContext, deps: TurnDeps): Promise<void> {
  const activity = context.activity;
  const action = activity.action ?? '';
  if (!action.startsWith('add')) return; // removed: nothing to do, sends there will be refused
  await rememberConversation(activity, deps);
  // Only a first install in a personal chat is a person to greet; a team install is a destination.
  if (action === 'add' && isPersonal(activity)) await receive(parseInstallation(activity), deps);
}

async function receive(inbound: InboundMessage, deps: TurnDeps): Promise<ReceiveResult> {
  const result = await deps.engine.receive(inbound);
  deps.log.debug(
    { sender: deps.pseudo(`teams:${inbound.sender.id}`), kind: inbound.kind, outcome: result.outcome, queued: !!result.answerJobId },
    'teams activity received',
  );
  return result;
}

function accepted(result: ReceiveResult): boolean {
  return result.outcome === 'accepted' || result.outcome === 'duplicate';
}

async function typing(context: TurnContext, deps: TurnDeps): Promise<void> {
  try {
    await context.sendActivity({ type: ActivityTypes.Typing });
  } catch (err) {
    deps.log.debug({ err: err instanceof Error ? err.message : String(err) }, 'teams typing not sent');
  }
}
