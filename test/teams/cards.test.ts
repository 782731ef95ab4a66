import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundMessages } from '../../src/db/schema.js';
import type { StaffCard } from '../../src/engine/messages.js';
import { isAppError } from '../../src/errors.js';
import { seal as sealOutbound } from '../../src/outbox/sealed.js';
import { ConnectorStandIn, type ConnectorCall } from './connector-stand-in.js';
import { endpointRow, freshIds, inboundRow, insertMentor, post, startHarness, type Harness } from './harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Staff cards on Teams: destinations found when the bot joins a team, Adaptive Cards with
 * universal actions, and what happens when someone clicks (invoke or Action.Submit).
 */
describe('Teams staff cards and card actions (local mode)', () => {
  const connector = new ConnectorStandIn();
  let h: Harness;

  beforeAll(async () => {
    await connector.start();
    h = await startHarness('teams', { TEAMS_MODE: 'local' });
  });

  afterAll(async () => {
    await h?.close();
    await connector.stop();
  });

  const escalation = (ticket: string): StaffCard => ({
    title: 'Alerte : un jeune a besoin d’aide',
    urgency: 'urgent',
    facts: [
      { title: 'Motif', value: 'détresse' },
      { title: 'Reçu', value: '12/06 à 11:14' },
    ],
    body: 'Le jeune a écrit un message *préoccupant*.',
    actions: [
      { id: `escalation:ack:${ticket}`, title: 'Je prends en charge' },
      { id: `escalation:resolve:${ticket}`, title: 'Résolu' },
    ],
  });

  /** Sends a staff card through the outbox; returns the Connector call and the Teams activity id. */
  async function sendCard(to: string, conversationId: string, card: StaffCard): Promise<{ call: ConnectorCall; activityId: string }> {
    const [outboundId] = await h.runtime.outbox.send([{ channel: 'teams', to, kind: 'staff', text: card.title, card }]);
    const call = await connector.waitFor((calls) =>
      calls.find((c) => c.conversationId === conversationId && c.method === 'POST' && JSON.stringify(c.body).includes(card.actions![0]!.id)),
    );
    for (let i = 0; i < 100; i++) {
      const [row] = await h.runtime.db.select().from(outboundMessages).where(eq(outboundMessages.id, outboundId!));
      if (row?.platformMessageId) return { call, activityId: row.platformMessageId };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the card was never marked sent');
  }

  it('saves the alert and chargés de mission channels under their aliases when the bot joins a team', async () => {
    const ids = freshIds(connector.url);
    const cdm = `19:cdm${randomUUID().replaceAll('-', '')}@thread.tacv2`;
    connector.teamChannels = [{ id: ids.team }, { id: ids.channel, name: 'Alertes' }, { id: cdm, name: 'CDM Équipe' }];

    expect((await post(h.app, ids.load('conversation-update-members-added'))).statusCode).toBe(200);

    expect(connector.calls.some((c) => c.method === 'GET' && c.path === `/v3/teams/${encodeURIComponent(ids.team)}/conversations`)).toBe(true);
    const alerts = await endpointRow(h.runtime, ids.channel);
    expect(alerts?.alias).toBe('alertes');
    expect(alerts?.ref).toMatchObject({ serviceUrl: connector.url, conversation: { id: ids.channel, conversationType: 'channel' } });
    expect((await endpointRow(h.runtime, cdm))?.alias).toBe('cdm-equipe');
    const general = await endpointRow(h.runtime, ids.team);
    expect(general?.alias).toBeNull();
  });

  it('renders a staff card as an Adaptive Card 1.5 with the label on top, urgency, facts and Action.Execute', async () => {
    const ids = freshIds(connector.url);
    connector.teamChannels = [{ id: ids.team }, { id: ids.channel, name: 'alertes' }];
    await post(h.app, ids.load('conversation-update-members-added'));
    const ticket = randomUUID();

    const { call } = await sendCard('alertes', ids.channel, escalation(ticket));

    const attachment = (call.body.attachments as Json[])[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content as Json;
    expect(card.version).toBe('1.5');
    expect(card.body[0].text).toBe(h.config.AI_DISCLOSURE);
    expect(card.body.some((b: Json) => b.color === 'Attention')).toBe(true);
    expect(card.body.find((b: Json) => b.type === 'FactSet').facts).toEqual([
      { title: 'Motif', value: 'détresse' },
      { title: 'Reçu', value: '12/06 à 11:14' },
    ]);
    expect(card.body.some((b: Json) => b.text === 'Le jeune a écrit un message **préoccupant**.')).toBe(true);
    expect(card.actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: `escalation:ack:${ticket}`,
      data: { action: `escalation:ack:${ticket}` },
      fallback: { type: 'Action.Submit', data: { action: `escalation:ack:${ticket}` } },
    });
  });

  it('answers an adaptiveCard/action invoke synchronously, after the engine took the action, and updates the card for all', async () => {
    const ids = freshIds(connector.url);
    connector.teamChannels = [{ id: ids.team }, { id: ids.channel, name: 'Alertes' }];
    await post(h.app, ids.load('conversation-update-members-added'));
    await insertMentor(h.runtime, ids.user);
    const ticket = randomUUID();
    const { activityId } = await sendCard('alertes', ids.channel, escalation(ticket));

    const invoke = ids.load('adaptive-card-invoke');
    invoke.conversation.id = `${ids.channel};messageid=${activityId}`;
    invoke.replyToId = activityId;
    invoke.value.action.verb = `escalation:ack:${ticket}`;
    invoke.value.action.data.action = `escalation:ack:${ticket}`;
    const res = await post(h.app, invoke);

    expect(res.statusCode).toBe(200);
    const row = await inboundRow(h.runtime, invoke.id); // already there: the response waited for the engine
    expect(row?.kind).toBe('button');
    const body = res.json() as Json;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const texts = (body.value.body as Json[]).map((b) => b.text);
    expect(texts[0]).toBe(h.config.AI_DISCLOSURE);
    expect(texts.some((t) => /Pris en charge par Claire Martin/.test(t))).toBe(true);
    expect(body.value.actions.map((a: Json) => a.verb)).toEqual([`escalation:resolve:${ticket}`]);
    const update = connector.calls.find((c) => c.method === 'PUT' && c.activityId === activityId);
    expect(update?.body.attachments).toEqual([{ contentType: 'application/vnd.microsoft.card.adaptive', content: body.value }]);
  });

  it('refuses a card action from someone outside the directory, without touching the card', async () => {
    const ids = freshIds(connector.url);
    const invoke = ids.load('adaptive-card-invoke');
    invoke.replyToId = `1:${randomUUID()}`;

    const res = await post(h.app, invoke);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    // Even this synchronous answer (it cannot go through the outbox) says it is AI-assisted.
    expect((res.json() as Json).value.split('\n')[0]).toBe(h.config.AI_DISCLOSURE);
    expect(connector.calls.some((c) => c.method === 'PUT' && c.activityId === invoke.replyToId)).toBe(false);
  });

  it('takes an Action.Submit (clients without universal actions) as a button and updates the card', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    await post(h.app, ids.load('installation-update-add')); // saves the personal chat
    const ticket = randomUUID();
    const { activityId } = await sendCard(ids.personalChat, ids.personalChat, escalation(ticket));

    const submit = ids.load('card-submit');
    submit.replyToId = activityId;
    submit.value = { action: `escalation:resolve:${ticket}`, note: 'appelé ce matin' };
    expect((await post(h.app, submit)).statusCode).toBe(200);

    const row = await inboundRow(h.runtime, submit.id);
    expect(row?.kind).toBe('button');
    const update = connector.calls.find((c) => c.method === 'PUT' && c.activityId === activityId);
    const card = (update?.body.attachments as Json[])[0]!.content as Json;
    expect(card.body.some((b: Json) => b.text === 'Alerte : un jeune a besoin d’aide')).toBe(true); // the original card, updated
    expect(card.body.some((b: Json) => /Résolu par Claire Martin/.test(b.text))).toBe(true);
    expect(card.actions).toBeUndefined(); // resolving also retires « je prends en charge »
  });

  it('refuses to send where no reference is known, and classifies Connector failures', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    await post(h.app, ids.load('installation-update-add'));
    // The install greets the mentor; let that message out before injecting failures.
    for (let i = 0; i < 200 && !connector.sentTo(ids.personalChat).some((c) => c.body.type === 'message'); i++) await new Promise((r) => setTimeout(r, 25));
    const send = (to: string) => h.channel.adapter.send(sealed(to));

    await expect(send(`a:${randomUUID()}`)).rejects.toSatisfy((err) => isAppError(err, 'DELIVERY_REJECTED'));

    // The Connector client itself retries a 5xx three times (~6 s, core-client's policy) before
    // giving up; what reaches the deliver worker is then a plain, retryable error.
    for (const status of [503, 429]) {
      for (let i = 0; i < 5; i++) connector.failNext(status, ids.personalChat);
      await expect(send(ids.personalChat)).rejects.toSatisfy((err) => err instanceof Error && !isAppError(err));
      connector.clearFailures();
    }
    connector.failNext(403, ids.personalChat);
    await expect(send(ids.personalChat)).rejects.toSatisfy((err) => isAppError(err, 'DELIVERY_REJECTED'));
    connector.failNext(404, ids.personalChat);
    await expect(send(ids.personalChat)).rejects.toSatisfy((err) => isAppError(err, 'DELIVERY_REJECTED'));
    await expect(send(ids.personalChat)).resolves.toMatchObject({ platformMessageId: expect.stringMatching(/^1:stand-in-/) });
  });

  it('sends a typing indicator on request, and never fails for it', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    await post(h.app, ids.load('installation-update-add'));

    await h.channel.adapter.typing!(ids.personalChat);
    await expect(h.channel.adapter.typing!(`a:${randomUUID()}`)).resolves.toBeUndefined();

    expect(connector.sentTo(ids.personalChat).some((c) => c.body.type === 'typing')).toBe(true);
  });

  it('shows an answer’s sources and offers its actions as buttons', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    await post(h.app, ids.load('installation-update-add'));

    await h.channel.adapter.send(
      sealed(ids.personalChat, {
        sources: [{ title: 'Premier rendez-vous', url: 'https://nqt.example/premier-rdv' }],
        actions: [{ id: 'feedback:up', title: '👍 Utile' }],
      }),
    );

    const call = connector.sentTo(ids.personalChat).find((c) => String(c.body.text).includes('Premier rendez-vous'))!;
    expect(call.body.text).toContain('[Premier rendez-vous](https://nqt.example/premier-rdv)');
    const buttons = (call.body.attachments as Json[])[0]!.content as Json;
    expect(buttons.actions).toEqual([{ type: 'Action.Submit', title: '👍 Utile', data: { action: 'feedback:up' } }]);
  });

  function sealed(to: string, extra: Json = {}) {
    // What the deliver worker hands an adapter (the outbox's own seal, as in production).
    return sealOutbound({
      id: randomUUID(),
      channel: 'teams',
      to,
      kind: 'answer',
      text: `${h.config.AI_DISCLOSURE}\n\nVoici quelques conseils.`,
      label: h.config.AI_DISCLOSURE,
      body: 'Voici quelques conseils.',
      author: 'ai',
      ...extra,
    });
  }
});
