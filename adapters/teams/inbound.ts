import { TurnContext, type Activity } from 'botbuilder';
import type { InboundKind, InboundMessage } from '../../src/engine/messages.js';
import { minimalReference } from './endpoints.js';

/** The invoke Teams sends for an Adaptive Card `Action.Execute` (universal actions). */
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

// Action ids are short, printable tokens ("escalation:ack:<uuid>", "meeting:record").
const ACTION_ID = /^[^\s\u0000-\u001f]{1,200}$/;
// Teams sends files and pasted images as these; its `text/html` copy of every message is not media.
const FILE_TYPES = /^(image\/|application\/vnd\.microsoft\.teams\.file\.download\.info$)/;

/** Whether the bot wrote this activity itself (Teams echoes some of them back). */
export function isFromBot(activity: Activity): boolean {
  return activity.from?.role === 'bot' || (!!activity.from?.id && activity.from.id === activity.recipient?.id);
}

export function isPersonal(activity: Activity): boolean {
  return activity.conversation?.conversationType === 'personal';
}

/** The reference to write back later, as stored (minimal, no display names). */
export function referenceOf(activity: Activity): Record<string, unknown> {
  return minimalReference(TurnContext.getConversationReference(activity));
}

/** A message: typed text (bot @mention removed), a card `Action.Submit`, or a file. */
export function parseMessage(activity: Activity, receivedAt = new Date()): InboundMessage {
  const action = actionFromData(activity.value);
  const hasFile = (activity.attachments ?? []).some((a) => FILE_TYPES.test(a.contentType ?? ''));
  const kind: InboundKind = action ? 'button' : hasFile ? 'media' : 'text';
  const message = base(activity, kind, action ? '' : textWithoutBotMention(activity), receivedAt);
  if (action) message.action = action;
  if (activity.replyToId) message.replyToMessageId = activity.replyToId;
  return message;
}

/**
 * An `adaptiveCard/action` invoke: `value.action` is the `Action.Execute` with its `verb` and
 * `data`. The action id is `data.action` (what MAIA renders), else the verb.
 */
export function parseCardAction(activity: Activity, receivedAt = new Date()): InboundMessage | undefined {
  const execute = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  if (!execute) return undefined;
  const fromData = actionFromData(execute.data);
  const verb = typeof execute.verb === 'string' && ACTION_ID.test(execute.verb) ? execute.verb : undefined;
  const action = fromData ?? (verb ? { id: verb } : undefined);
  if (!action) return undefined;
  const message = base(activity, 'button', '', receivedAt);
  message.action = action;
  if (activity.replyToId) message.replyToMessageId = activity.replyToId;
  return message;
}

/** The app was installed in a personal chat: a `system` message, so the engine may greet. */
export function parseInstallation(activity: Activity, receivedAt = new Date()): InboundMessage {
  const message = base(activity, 'system', '', receivedAt);
  message.action = { id: 'teams:installed' };
  return message;
}

/**
 * The text without the bot's @mention. Teams writes a mention as `<at>Super Mentor IA</at>`
 * in the text plus a `mention` entity; newer clients may split one name into several. Mentions
 * of other people keep their name, without the tags.
 */
export function textWithoutBotMention(activity: Activity): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const mention of TurnContext.getMentions(activity)) {
    if (botId && mention.mentioned?.id === botId && mention.text) text = text.split(mention.text).join(' ');
  }
  return text
    .replace(/<at>(.*?)<\/at>/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function actionFromData(value: unknown): InboundMessage['action'] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { action, msteams: _msteams, ...data } = value as Record<string, unknown>;
  if (typeof action !== 'string' || !ACTION_ID.test(action)) return undefined;
  return Object.keys(data).length > 0 ? { id: action, data } : { id: action };
}

function base(activity: Activity, kind: InboundKind, text: string, receivedAt: Date): InboundMessage {
  const from = activity.from;
  const message: InboundMessage = {
    channel: 'teams',
    channelMessageId: activity.id ?? `${activity.type}:${activity.conversation.id}:${receivedAt.getTime()}`,
    sender: { id: from.id, kind: 'teams' },
    conversationKey: activity.conversation.id,
    kind,
    text,
    receivedAt,
    raw: activity,
  };
  if (from.aadObjectId) message.sender.aliases = [{ id: from.aadObjectId, kind: 'aad' }];
  if (from.name) message.sender.name = from.name;
  const sentAt = activity.timestamp ? new Date(activity.timestamp) : undefined;
  if (sentAt && !Number.isNaN(sentAt.getTime())) message.sentAt = sentAt;
  // Only a personal chat's reference may become the person's address: a channel's would send
  // their private notifications (an escalation about a youth) to everyone in that channel.
  if (isPersonal(activity)) message.ref = referenceOf(activity);
  return message;
}
