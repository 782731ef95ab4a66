import { TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../../src/log.js';
import type { EndpointStore } from './endpoints.js';
import { referenceOf } from './inbound.js';
import { foldName, type TeamsSettings } from './settings.js';

interface TeamsChannelData {
  eventType?: string;
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

export interface DestinationDeps {
  endpoints: EndpointStore;
  settings: TeamsSettings;
  log: Logger;
}

/**
 * Saves where MAIA can write back. Every conversation's reference is refreshed on each
 * activity; a Teams channel (or a team's General channel) whose name matches a destination
 * (ALERT_CHANNEL, ESCALATION_CHANNEL) — or that `TEAMS_CHANNEL_ALIASES` binds — is also saved
 * under that alias, at channel level so that cards open a new thread.
 */
export async function rememberConversation(activity: Activity, deps: DestinationDeps): Promise<void> {
  const data = channelDataOf(activity);
  const channelId = data.channel?.id ?? (data.team?.id ? threadRoot(activity.conversation.id) : undefined);
  const alias = channelId ? aliasFor(deps.settings, channelId, data.channel?.name, data.team) : undefined;
  if (alias && channelId) {
    await deps.endpoints.save(channelId, channelReference(activity, channelId), alias);
    deps.log.info({ alias }, 'teams destination saved');
  }
  if (!alias || channelId !== activity.conversation.id) await deps.endpoints.save(activity.conversation.id, referenceOf(activity));
}

/**
 * The bot was added to a team: it cannot hear a channel until someone @mentions it there, so
 * it asks the Bot Connector for the team's channels (TeamsInfo) and saves the ones that are
 * destinations. Best effort: a failure leaves the explicit binding or a later mention.
 */
export async function rememberTeamChannels(context: TurnContext, deps: DestinationDeps): Promise<void> {
  const activity = context.activity;
  const team = channelDataOf(activity).team;
  if (!team?.id) return;
  let channels: { id?: string; name?: string }[];
  try {
    channels = await TeamsInfo.getTeamChannels(context, team.id);
  } catch (err) {
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'teams channel list unavailable');
    return;
  }
  for (const channel of channels) {
    if (!channel.id) continue;
    const alias = aliasFor(deps.settings, channel.id, channel.name, team);
    if (!alias) continue;
    await deps.endpoints.save(channel.id, channelReference(activity, channel.id), alias);
    deps.log.info({ alias }, 'teams destination saved');
  }
}

/** `channelCreated` / `channelRenamed`: a channel may have just taken a destination's name. */
export async function rememberRenamedChannel(activity: Activity, deps: DestinationDeps): Promise<void> {
  const data = channelDataOf(activity);
  if (!data.channel?.id) return;
  const alias = aliasFor(deps.settings, data.channel.id, data.channel.name, data.team);
  if (alias) await deps.endpoints.save(data.channel.id, channelReference(activity, data.channel.id), alias);
}

export function channelDataOf(activity: Activity): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

function aliasFor(settings: TeamsSettings, channelId: string, channelName: string | undefined, team: TeamsChannelData['team']): string | undefined {
  const explicit = settings.aliasByChannelId.get(channelId) ?? (team?.id ? settings.aliasByChannelId.get(team.id) : undefined);
  if (explicit) return explicit;
  // The General channel has no name of its own (and its id is the team's): the team's name stands for it.
  const general = !channelName && !!team?.id && channelId === team.id;
  const name = channelName ?? (general ? team?.name : undefined);
  if (!name) return undefined;
  return settings.aliasNames.find((alias) => foldName(alias) === foldName(name));
}

/** A channel message's conversation id names its thread (`…;messageid=…`); the channel is the root. */
function threadRoot(conversationId: string): string {
  return conversationId.split(';')[0]!;
}

function channelReference(activity: Activity, channelId: string): Record<string, unknown> {
  const reference = referenceOf(activity);
  const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
  // A destination is not a person: its messages are addressed to the channel, not to who spoke.
  delete reference.user;
  reference.conversation = { ...conversation, id: channelId, conversationType: 'channel', isGroup: true };
  return reference;
}
