import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createCloudChannel, signBody } from '../../adapters/whatsapp-cloud/index.js';
import { ingressQueue } from '../../adapters/whatsapp-cloud/ingress.js';
import { identities, inboundMessages, outboundMessages } from '../../src/db/schema.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime/index.js';
import { CLOUD_ENV, cloudFixture, graphStandIn, randomId, randomMsisdn, testConfig, testRuntime, waitFor } from './support.js';
import { turnsDrained } from '../helpers/runtime.js';

const SECRET = CLOUD_ENV.WHATSAPP_CLOUD_APP_SECRET;
let graph: Awaited<ReturnType<typeof graphStandIn>>;
let runtime: Runtime;
let app: FastifyInstance;

beforeAll(async () => {
  graph = await graphStandIn();
  const config = await testConfig({ ...CLOUD_ENV, WHATSAPP_CLOUD_GRAPH_URL: graph.url, BODY_LIMIT_BYTES: '65536' });
  const channel = createCloudChannel(config, createLogger('silent'));
  runtime = await testRuntime(config, { whatsapp: channel.adapter });
  await channel.start(runtime);
  app = await buildApp({ runtime, plugins: [{ plugin: channel.plugin }] });
});

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await graph?.close();
});

/**
 * Posts a delivery like Meta does; after a 200, waits until the stored delivery has been handed
 * to the inbox and through the engine (the webhook answers before processing, by design).
 */
const post = async (payload: string, signature: string | null = signBody(payload, SECRET)) => {
  const res = await app.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    payload,
  });
  if (res.statusCode === 200) await ingressDrained();
  return res;
};

async function ingressDrained(timeoutMs = 15_000): Promise<void> {
  const queue = ingressQueue(runtime);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0) return await turnsDrained(runtime);
      if (Date.now() > deadline) throw new Error('ingress not drained');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await queue.close();
  }
}

const inboundRow = async (wamid: string) =>
  (await runtime.db.select().from(inboundMessages).where(and(eq(inboundMessages.channel, 'whatsapp'), eq(inboundMessages.channelMessageId, wamid))))[0];

const repliesTo = (msisdn: string) => graph.calls.filter((c) => c.body.to === msisdn && c.status === 200);

describe('GET /webhooks/whatsapp (subscription check)', () => {
  it('echoes hub.challenge as text/plain with the right verify token', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${CLOUD_ENV.WHATSAPP_CLOUD_VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('1158201444');
  });

  it.each([
    ['wrong token', 'hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1'],
    ['wrong mode', `hub.mode=unsubscribe&hub.verify_token=${CLOUD_ENV.WHATSAPP_CLOUD_VERIFY_TOKEN}&hub.challenge=1`],
    ['no token', 'hub.mode=subscribe&hub.challenge=1'],
  ])('403 with %s', async (_label, query) => {
    const res = await app.inject({ method: 'GET', url: `/webhooks/whatsapp?${query}` });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('1');
  });
});

describe('POST /webhooks/whatsapp (signature, limits)', () => {
  it('a signed text is accepted, stored and answered with the AI disclosure first', async () => {
    const from = randomMsisdn();
    const wamid = randomId();
    const res = await post(cloudFixture('text', { FROM: from, WAMID: wamid }));
    expect(res.statusCode).toBe(200);
    expect((await inboundRow(wamid))?.kind).toBe('text');
    const [reply] = await waitFor(() => (repliesTo(from).length ? repliesTo(from) : undefined), 15_000, 'a reply');
    expect(reply!.path).toBe(`/v21.0/${CLOUD_ENV.WHATSAPP_CLOUD_PHONE_NUMBER_ID}/messages`);
    expect(reply!.auth).toBe(`Bearer ${CLOUD_ENV.WHATSAPP_CLOUD_ACCESS_TOKEN}`);
    const text: string = reply!.body.text?.body ?? reply!.body.interactive?.body?.text;
    expect(text.split('\n')[0]).toBe(runtime.config.AI_DISCLOSURE);
    if (reply!.body.type === 'text') expect(reply!.body.text.preview_url).toBe(false);
  });

  it.each([
    ['an invalid signature', (p: string) => signBody(p, 'not-the-secret')],
    ['a missing signature', () => null],
    ['a signature of another body', (p: string) => signBody(p + ' ', SECRET)],
    ['a malformed header', () => 'sha256=zz'],
  ])('401 and nothing processed with %s', async (_label, sign) => {
    const from = randomMsisdn();
    const wamid = randomId();
    const payload = cloudFixture('text', { FROM: from, WAMID: wamid });
    const res = await post(payload, sign(payload));
    expect(res.statusCode).toBe(401);
    expect(await inboundRow(wamid)).toBeUndefined();
  });

  it('413 for a body over BODY_LIMIT_BYTES, before any processing', async () => {
    const from = randomMsisdn();
    const wamid = randomId();
    const body = JSON.parse(cloudFixture('text', { FROM: from, WAMID: wamid }));
    body.entry[0].changes[0].value.messages[0].text.body = 'x'.repeat(70_000);
    const payload = JSON.stringify(body);
    const res = await post(payload);
    expect(res.statusCode).toBe(413);
    expect(await inboundRow(wamid)).toBeUndefined();
  });

  it('400 for malformed JSON with a valid signature', async () => {
    const res = await post('{"object":"whatsapp_business_account","entry":[');
    expect(res.statusCode).toBe(400);
  });

  it('200 for a well-signed payload with nothing for us (another object)', async () => {
    const res = await post(JSON.stringify({ object: 'page', entry: [] }));
    expect(res.statusCode).toBe(200);
  });
});

describe('every message type reaches the engine', () => {
  it.each([
    ['text', 'text'],
    ['interactive-button-reply', 'button'],
    ['interactive-list-reply', 'button'],
    ['button', 'button'],
    ['image', 'media'],
    ['video', 'media'],
    ['document', 'media'],
    ['audio-voice', 'voice'],
    ['sticker', 'sticker'],
    ['reaction', 'reaction'],
    ['location', 'location'],
    ['contacts', 'contact'],
    ['unsupported', 'unsupported'],
    ['unknown', 'unsupported'],
  ])('%s → stored as %s', async (fixture, kind) => {
    const wamid = randomId();
    const res = await post(cloudFixture(fixture, { FROM: randomMsisdn(), WAMID: wamid }));
    expect(res.statusCode).toBe(200);
    expect((await inboundRow(wamid))?.kind).toBe(kind);
  });

  it('a malformed message is skipped without failing the batch', async () => {
    const from = randomMsisdn();
    const good = randomId();
    const body = JSON.parse(cloudFixture('text', { FROM: from, WAMID: good }));
    body.entry[0].changes[0].value.messages.unshift({ id: randomId(), from, type: 'reaction', reaction: { emoji: '👍' } });
    const res = await post(JSON.stringify(body));
    expect(res.statusCode).toBe(200);
    expect(await inboundRow(good)).toBeDefined();
  });
});

describe('idempotency and identity', () => {
  it('a replayed webhook (sequential and concurrent) is answered exactly once', async () => {
    const from = randomMsisdn();
    const payload = cloudFixture('text', { FROM: from, WAMID: randomId() });
    const results = await Promise.all([post(payload), post(payload), post(payload)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    await waitFor(() => repliesTo(from).length > 0, 15_000, 'the reply');
    expect((await post(payload)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(repliesTo(from)).toHaveLength(1);
  });

  it('user_changed_number: the new number is the same person, and replies go there', async () => {
    const [a, b] = [randomMsisdn(), randomMsisdn()];
    expect((await post(cloudFixture('text', { FROM: a, WAMID: randomId() }))).statusCode).toBe(200);
    expect((await post(cloudFixture('system-user-changed-number', { FROM: a, NEW: b, WAMID: randomId() }))).statusCode).toBe(200);
    expect((await post(cloudFixture('text', { FROM: b, WAMID: randomId() }))).statusCode).toBe(200);
    const rows = await runtime.db.select().from(identities).where(inArray(identities.value, [`+${a}`, `+${b}`]));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.personId)).size).toBe(1);
    await waitFor(() => repliesTo(b).length > 0, 15_000, 'a reply to the new number');
  });

  it('BSUID: recorded as an alias, and a BSUID-only message is the same person and conversation', async () => {
    const from = randomMsisdn();
    const bsuid = `FR.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    expect((await post(cloudFixture('bsuid-text', { FROM: from, BSUID: bsuid, WAMID: randomId() }))).statusCode).toBe(200);
    await waitFor(() => repliesTo(from).length > 0, 15_000, 'first reply');
    const second = randomId();
    expect((await post(cloudFixture('bsuid-only-text', { BSUID: bsuid, WAMID: second }))).statusCode).toBe(200);
    const row = await inboundRow(second);
    const ids = await runtime.db.select().from(identities).where(inArray(identities.value, [`+${from}`, bsuid]));
    expect(new Set(ids.map((i) => i.personId))).toEqual(new Set([row!.personId]));
    await waitFor(() => repliesTo(from).length > 1, 15_000, 'second reply, to the phone number');
    expect(graph.calls.some((c) => c.body.recipient === bsuid)).toBe(false);
  });
});

describe('statuses', () => {
  it('update the outbound row by wamid, never downgrading read to delivered', async () => {
    const from = randomMsisdn();
    await post(cloudFixture('text', { FROM: from, WAMID: randomId() }));
    const row = await waitFor(async () => {
      const [r] = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.address, `+${from}`));
      return r?.platformMessageId ? r : undefined;
    });
    const wamid = row.platformMessageId!;
    const status = async (name: string) => expect((await post(cloudFixture(`status-${name}`, { FROM: from, WAMID: wamid }))).statusCode).toBe(200);
    const current = async () => (await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.id, row.id)))[0]!;
    await status('delivered');
    expect((await current()).status).toBe('delivered');
    await status('read');
    expect((await current()).status).toBe('read');
    await status('delivered');
    await status('sent');
    expect((await current()).status).toBe('read');
    await status('failed');
    expect((await current())).toMatchObject({ status: 'read', error: '131047 Re-engagement message' });
  });

  it('failed marks a sent message failed with the error code and title', async () => {
    const from = randomMsisdn();
    await post(cloudFixture('text', { FROM: from, WAMID: randomId() }));
    const row = await waitFor(async () => {
      const [r] = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.address, `+${from}`));
      return r?.status === 'sent' ? r : undefined;
    });
    await post(cloudFixture('status-failed', { FROM: from, WAMID: row.platformMessageId! }));
    const [after] = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.id, row.id));
    expect(after).toMatchObject({ status: 'failed', error: '131047 Re-engagement message' });
    expect(after!.statusAt).toBeInstanceOf(Date);
  });
});
