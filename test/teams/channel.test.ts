import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { identities } from '../../src/db/schema.js';
import { ConnectorStandIn } from './connector-stand-in.js';
import { endpointRow, freshIds, inboundRow, insertMentor, post, startHarness, type Activity, type Harness } from './harness.js';

/**
 * The Teams channel in local mode (no Bot Framework auth), on the real engine, Postgres,
 * Redis and workers. Teams activities are the captured fixtures; the Bot Connector is a
 * local stand-in, reached through each activity's serviceUrl.
 */
describe('Teams channel (local mode)', () => {
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

  it('hands a mentor’s personal message to the engine, types, then answers proactively with the disclosure', async () => {
    const ids = freshIds(connector.url);
    const mentorId = await insertMentor(h.runtime, ids.user);
    const message = ids.load('personal-message');

    const res = await post(h.app, message);
    expect(res.statusCode).toBe(200);

    // Synchronous part: stored by the engine, reference saved, typing sent within the request.
    const row = await inboundRow(h.runtime, message.id);
    expect(row?.kind).toBe('text');
    expect(h.runtime.sealer.open(row!.body!)).toBe(message.text);
    expect(row?.answerState).toBe('queued');
    const endpoint = await endpointRow(h.runtime, ids.personalChat);
    expect(endpoint?.ref).toMatchObject({ serviceUrl: connector.url, conversation: { id: ids.personalChat }, user: { id: ids.user } });
    expect(JSON.stringify(endpoint?.ref)).not.toContain('Claire Martin');
    const typing = connector.sentTo(ids.personalChat).find((c) => c.body.type === 'typing');
    expect(typing).toBeDefined();
    expect(typing?.authorization).toBeUndefined(); // local mode signs nothing

    // Later, through the outbox and send(): the answer, disclosure first.
    const answer = await connector.waitFor((calls) =>
      calls.find((c) => c.conversationId === ids.personalChat && c.method === 'POST' && c.body.type === 'message'),
    );
    expect(String(answer.body.text).startsWith(h.config.AI_DISCLOSURE)).toBe(true);
    expect(answer.body.textFormat).toBe('markdown');
    expect(connector.calls.indexOf(typing!)).toBeLessThan(connector.calls.indexOf(answer));

    // The personal chat's reference makes the mentor reachable by their Teams user id.
    await h.runtime.outbox.send([{ channel: 'teams', to: ids.user, kind: 'notice', text: 'Rappel : *rendez-vous* demain', recipientPersonId: mentorId }]);
    const reminder = await connector.waitFor((calls) =>
      calls.find((c) => c.conversationId === ids.personalChat && String(c.body.text).includes('Rappel')),
    );
    expect(reminder.body.text).toContain('**rendez-vous**');
  });

  it('removes the bot @mention from a channel message and keeps the channel off the person’s address', async () => {
    const ids = freshIds(connector.url);
    const mentorId = await insertMentor(h.runtime, ids.user);
    const message = ids.load('channel-mention');
    const thread = message.conversation.id as string;

    const res = await post(h.app, message);
    expect(res.statusCode).toBe(200);

    const row = await inboundRow(h.runtime, message.id);
    expect(h.runtime.sealer.open(row!.body!)).toBe('mes jeunes');
    expect((await endpointRow(h.runtime, thread))?.ref).toMatchObject({ conversation: { id: thread } });
    const mine = await h.runtime.db.select().from(identities).where(eq(identities.personId, mentorId));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.ref === null)).toBe(true);
  });

  it('tells an unknown Teams user they are not in the directory, through the stand-in', async () => {
    const ids = freshIds(connector.url);
    const message = ids.load('personal-message');

    expect((await post(h.app, message)).statusCode).toBe(200);

    expect(await inboundRow(h.runtime, message.id)).toBeUndefined();
    const notice = await connector.waitFor((calls) =>
      calls.find((c) => c.conversationId === ids.personalChat && c.body.type === 'message'),
    );
    expect(String(notice.body.text).startsWith(h.config.AI_DISCLOSURE)).toBe(true);
  });

  it('ignores activities written by the bot itself', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    const message = ids.load('personal-message');
    message.from = { ...message.recipient };

    expect((await post(h.app, message)).statusCode).toBe(200);
    expect(await inboundRow(h.runtime, message.id)).toBeUndefined();
    expect(await endpointRow(h.runtime, ids.personalChat)).toBeUndefined();
  });

  it('saves the personal chat and lets the engine greet on installationUpdate add; does nothing on remove', async () => {
    const ids = freshIds(connector.url);
    await insertMentor(h.runtime, ids.user);
    const removed: Activity = { ...ids.load('installation-update-add'), action: 'remove' };

    expect((await post(h.app, removed)).statusCode).toBe(200);
    expect(await inboundRow(h.runtime, removed.id)).toBeUndefined();
    expect(await endpointRow(h.runtime, ids.personalChat)).toBeUndefined();

    const added = ids.load('installation-update-add');
    expect((await post(h.app, added)).statusCode).toBe(200);
    expect((await inboundRow(h.runtime, added.id))?.kind).toBe('system');
    expect((await endpointRow(h.runtime, ids.personalChat))?.ref).toMatchObject({ conversation: { id: ids.personalChat } });
  });

  it('refuses, in local mode, an activity whose serviceUrl is not on this machine', async () => {
    const ids = freshIds('https://smba.example.net/emea/');
    await insertMentor(h.runtime, ids.user);
    const message = ids.load('personal-message');

    const res = await post(h.app, message);
    expect(res.statusCode).toBe(403);
    expect(await inboundRow(h.runtime, message.id)).toBeUndefined();
  });

  it('returns 400 for a body that is not an activity, without reaching the engine', async () => {
    const res = await post(h.app, { hello: 'world' });
    expect(res.statusCode).toBe(400);
  });
});
