import type { Activity } from 'botbuilder';
import type { SealedOutbound } from '../../src/outbox/sealed.js';
import { actionsCard, attachment, staffCard } from './cards.js';
import { missingSourcesSection, teamsMarkdown } from './format.js';

/**
 * How a sealed message looks on Teams.
 *
 * - With a `card` (staff messages): one Adaptive Card, the label at its top; the card title is
 *   the notification summary.
 * - Otherwise the full text (label first) as Markdown, then a sources section for sources the
 *   text does not already show, then — if the message offers actions — a small card of buttons.
 */
export function toActivity(message: SealedOutbound): Partial<Activity> {
  if (message.card) {
    const card = staffCard(message.label, message.card, { actions: message.card.actions ?? message.actions });
    return { type: 'message', summary: message.card.title, attachments: [attachment(card)] };
  }
  const sources = missingSourcesSection(message.text, message.sources);
  const text = teamsMarkdown(sources ? `${message.text}\n\n${sources}` : message.text);
  const activity: Partial<Activity> = { type: 'message', text, textFormat: 'markdown' };
  if (message.actions && message.actions.length > 0) activity.attachments = [attachment(actionsCard(message.actions))];
  return activity;
}
