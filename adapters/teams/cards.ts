import type { OutboundAction, StaffCard } from '../../src/engine/messages.js';
import { teamsCopy } from './copy.js';
import { teamsMarkdown } from './format.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Adaptive Card 1.5: the first version with `Action.Execute` (Teams universal actions). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  msteams?: { width: 'Full' };
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD;
  content: AdaptiveCard;
}

export function attachment(card: AdaptiveCard): CardAttachment {
  return { contentType: ADAPTIVE_CARD, content: card };
}

/**
 * A staff card (escalation, alert, Super Mentor answer). The label (AI disclosure) sits at the
 * top, always visible; an urgent card says so in the « attention » colour. `status` is the line
 * added once an action was taken; `actions` overrides the card's buttons (none left after).
 */
export function staffCard(label: string, card: Readonly<StaffCard>, opts: { status?: string; actions?: readonly OutboundAction[] } = {}): AdaptiveCard {
  const urgent = card.urgency === 'urgent';
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: label, size: 'Small', isSubtle: true, wrap: true }];
  if (urgent) body.push({ type: 'TextBlock', text: teamsCopy.urgent, color: 'Attention', weight: 'Bolder', spacing: 'Small' });
  body.push({
    type: 'TextBlock',
    text: card.title,
    style: 'heading',
    size: 'Medium',
    weight: 'Bolder',
    color: urgent ? 'Attention' : 'Default',
    wrap: true,
  });
  const facts = (card.facts ?? []).filter((f) => f.title && f.value);
  if (facts.length > 0) body.push({ type: 'FactSet', facts: facts.map((f) => ({ title: f.title, value: f.value })) });
  if (card.body?.trim()) body.push({ type: 'TextBlock', text: teamsMarkdown(card.body.trim()), wrap: true });
  if (opts.status) body.push({ type: 'TextBlock', text: opts.status, color: 'Good', weight: 'Bolder', wrap: true, separator: true });
  const actions = (opts.actions ?? card.actions ?? []).map(executeAction);
  return { ...envelope(body), ...(actions.length > 0 ? { actions } : {}), msteams: { width: 'Full' } };
}

/** Buttons under a plain message: `Action.Submit`, coming back as a message with `value.action`. */
export function actionsCard(actions: readonly OutboundAction[]): AdaptiveCard {
  return { ...envelope([]), actions: actions.map(submitAction) };
}

/** The card shown after an action when the original card is not known any more. */
export function statusCard(label: string, status: string): AdaptiveCard {
  return envelope([
    { type: 'TextBlock', text: label, size: 'Small', isSubtle: true, wrap: true },
    { type: 'TextBlock', text: status, color: 'Good', weight: 'Bolder', wrap: true },
  ]);
}

/**
 * `Action.Execute` for Teams' universal actions (an `adaptiveCard/action` invoke, answered with
 * the updated card), falling back to `Action.Submit` on clients without them. Both carry
 * `data.action`, so the engine sees one action id whichever path the click took.
 */
function executeAction(action: OutboundAction): Record<string, unknown> {
  return {
    type: 'Action.Execute',
    title: action.title,
    verb: action.id,
    data: { action: action.id },
    fallback: submitAction(action),
  };
}

function submitAction(action: OutboundAction): Record<string, unknown> {
  return { type: 'Action.Submit', title: action.title, data: { action: action.id } };
}

function envelope(body: Record<string, unknown>[]): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}
