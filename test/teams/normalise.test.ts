import { describe, expect, it } from 'vitest';
import { remainingActions } from '../../adapters/teams/card-actions.js';
import { missingSourcesSection, teamsMarkdown } from '../../adapters/teams/format.js';
import { parseCardAction, parseMessage, textWithoutBotMention } from '../../adapters/teams/inbound.js';
import { toActivity } from '../../adapters/teams/outbound.js';
import { foldName, parseAliasBindings } from '../../adapters/teams/settings.js';
import { seal } from '../../src/outbox/sealed.js';
import { activity, FIXTURE } from './harness.js';

// The SDK's activity type, named through the adapter so botbuilder stays inside adapters/teams/.
type BotActivity = Parameters<typeof parseMessage>[0];
const load = (name: string) => activity(name, {}) as unknown as BotActivity;

describe('Teams activities → InboundMessage', () => {
  it('normalises a personal message: sender, AAD alias, conversation, reference without the display name', () => {
    const inbound = parseMessage(load('personal-message'), new Date('2025-06-12T09:14:28Z'));

    expect(inbound).toMatchObject({
      channel: 'teams',
      channelMessageId: '1749719667362',
      sender: { id: FIXTURE.user, kind: 'teams', aliases: [{ id: FIXTURE.aad, kind: 'aad' }], name: 'Claire Martin' },
      conversationKey: FIXTURE.personalChat,
      kind: 'text',
      text: 'Comment préparer le premier rendez-vous avec mon jeune ?',
      sentAt: new Date('2025-06-12T09:14:27.391Z'),
    });
    expect(inbound.ref).toMatchObject({ serviceUrl: FIXTURE.serviceUrl, conversation: { id: FIXTURE.personalChat }, user: { id: FIXTURE.user } });
    expect(JSON.stringify(inbound.ref)).not.toContain('Claire');
  });

  it('strips the bot mention of a channel message and gives no reference for the person', () => {
    const inbound = parseMessage(load('channel-mention'));
    expect(inbound.text).toBe('mes jeunes');
    expect(inbound.conversationKey).toBe(`${FIXTURE.channel};messageid=1749720012551`);
    expect(inbound.ref).toBeUndefined();
  });

  it('strips a bot name split into several mentions, and keeps other people’s names', () => {
    const message = load('channel-mention');
    const bot = message.recipient;
    message.text = '<at>Super</at> <at>Mentor IA</at> synthèse <at>Inès</at>';
    message.entities = [
      { type: 'mention', text: '<at>Super</at>', mentioned: bot },
      { type: 'mention', text: '<at>Mentor IA</at>', mentioned: bot },
      { type: 'mention', text: '<at>Inès</at>', mentioned: { id: '29:ines', name: 'Inès' } },
    ];
    expect(textWithoutBotMention(message)).toBe('synthèse Inès');
  });

  it('reads a card submission as a button with its action id and extra inputs', () => {
    const message = load('card-submit');
    message.value = { action: 'meeting:record', note: 'rdv fait' };
    const inbound = parseMessage(message);
    expect(inbound).toMatchObject({ kind: 'button', text: '', action: { id: 'meeting:record', data: { note: 'rdv fait' } }, replyToMessageId: '1749720600042' });
  });

  it('reads an adaptiveCard/action invoke, falling back to the verb when data has no action', () => {
    const invoke = load('adaptive-card-invoke');
    expect(parseCardAction(invoke)?.action).toEqual({ id: 'escalation:ack:7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    (invoke.value as { action: { data: unknown } }).action.data = {};
    expect(parseCardAction(invoke)?.action).toEqual({ id: 'escalation:ack:7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    (invoke.value as { action: { verb: unknown } }).action.verb = undefined;
    expect(parseCardAction(invoke)).toBeUndefined();
  });
});

describe('SealedOutbound → Teams activity', () => {
  const base = {
    id: 'out-1',
    channel: 'teams' as const,
    to: 'a:chat',
    kind: 'answer' as const,
    label: '🤖 MAIA · service assisté par l’IA de NQT',
    author: 'ai' as const,
  };

  it('turns WhatsApp-style *gras* into Teams **gras** and leaves Markdown alone', () => {
    expect(teamsMarkdown('*Important* : 2 * 3 = 6, **déjà gras**, _italique_\n- point')).toBe(
      '**Important** : 2 * 3 = 6, **déjà gras**, _italique_\n- point',
    );
  });

  it('adds only the sources the text does not show, as links', () => {
    const text = 'Voir 📚 Sources :\n- Fiche CV';
    expect(missingSourcesSection(text, [{ title: 'Fiche CV' }])).toBe('');
    expect(missingSourcesSection(text, [{ title: 'Fiche CV' }, { title: 'Entretien', url: 'https://nqt.example/e' }])).toContain(
      '- [Entretien](https://nqt.example/e)',
    );
  });

  it('renders a normal staff card without the attention colour, and with the summary for notifications', () => {
    const message = seal({ ...base, kind: 'staff', text: 't', body: 'b', card: { title: 'Point hebdo', urgency: 'normal', actions: [{ id: 'meeting:record', title: 'Noter' }] } });
    const activity = toActivity(message);
    expect(activity.summary).toBe('Point hebdo');
    const card = (activity.attachments![0]!.content as { body: { text?: string; color?: string }[]; actions: { type: string }[] });
    expect(card.body[0]!.text).toBe(base.label);
    expect(card.body.some((b) => b.color === 'Attention')).toBe(false);
    expect(card.actions.map((a) => a.type)).toEqual(['Action.Execute']);
  });

  it('keeps the « resolve » button after « take charge », and drops both once resolved', () => {
    const actions = [
      { id: 'escalation:ack:42', title: 'Je prends en charge' },
      { id: 'escalation:resolve:42', title: 'Résolu' },
    ];
    expect(remainingActions(actions, 'escalation:ack:42').map((a) => a.id)).toEqual(['escalation:resolve:42']);
    expect(remainingActions(actions, 'escalation:resolve:42')).toEqual([]);
  });
});

describe('Teams destinations', () => {
  it('matches channel names to aliases whatever the case and accents', () => {
    expect(foldName('CDM Équipe')).toBe(foldName('cdm-equipe'));
    expect(foldName('  Alertes ')).toBe('alertes');
  });

  it('reads explicit channel bindings', () => {
    expect(parseAliasBindings('alertes=19:a@thread.tacv2, cdm-equipe=19:b@thread.tacv2,broken')).toEqual(
      new Map([
        ['19:a@thread.tacv2', 'alertes'],
        ['19:b@thread.tacv2', 'cdm-equipe'],
      ]),
    );
  });
});
