import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createCloudChannel, signBody, type CloudChannel } from '../../adapters/whatsapp-cloud/index.js';
import { conversations, identities, outboundMessages, persons } from '../../src/db/schema.js';
import type { OutboundDraft } from '../../src/engine/messages.js';
import { isAppError } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { seal } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { CLOUD_ENV, cloudFixture, graphStandIn, randomId, randomMsisdn, testConfig, testRuntime, waitFor, type GraphCall } from './support.js';

type Scripted = { status: number; body: unknown; headers?: Record<string, string> };
const script = new Map<string, Scripted[]>();
let graph: Awaited<ReturnType<typeof graphStandIn>>;
let runtime: Runtime;
let app: FastifyInstance;
let channel: CloudChannel;
const LABEL = "🤖 MAIA · service assisté par l'IA de NQT";

beforeAll(async () => {
  graph = await graphStandIn((call) => script.get(call.body.to ?? call.body.recipient)?.shift());
  const config = await testConfig({ ...CLOUD_ENV, WHATSAPP_CLOUD_GRAPH_URL: graph.url, DELIVER_ATTEMPTS: '4' });
  channel = createCloudChannel({ ...config, WHATSAPP_CLOUD_TEMPLATE_NAME: 'maia_reprise', WHATSAPP_CLOUD_TEMPLATE_LANG: 'fr' }, createLogger('silent'));
  runtime = await testRuntime(config, { whatsapp: channel.adapter });
  await channel.start(runtime);
  app = await buildApp({ runtime, plugins: [{ plugin: channel.plugin }] });
});

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await graph?.close();
});

const callsTo = (msisdn: string): GraphCall[] => graph.calls.filter((c) => c.body.to === msisdn);
const ok = (c: GraphCall) => c.status === 200;

/** A youth writes once (so MAIA may answer) and gets the engine's reply; returns their conversation. */
async function youthWrites(): Promise<{ msisdn: string; conversationId: string; personId: string; wamid: string }> {
  const msisdn = randomMsisdn();
  const wamid = randomId();
  const payload = cloudFixture('text', { FROM: msisdn, WAMID: wamid });
  const res = await app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(payload, CLOUD_ENV.WHATSAPP_CLOUD_APP_SECRET) }, payload });
  expect(res.statusCode).toBe(200);
  await waitFor(() => callsTo(msisdn).some(ok), 15_000, 'first reply');
  const [conv] = await runtime.db.select().from(conversations).where(eq(conversations.address, `+${msisdn}`));
  return { msisdn, conversationId: conv!.id, personId: conv!.personId, wamid };
}

async function sendDraft(youth: { msisdn: string; conversationId: string; personId: string }, draft: Partial<OutboundDraft>) {
  const before = callsTo(youth.msisdn).length;
  const [id] = await runtime.outbox.send([
    { channel: 'whatsapp', to: `+${youth.msisdn}`, kind: 'answer', text: 'Bonjour', conversationId: youth.conversationId, subjectPersonId: youth.personId, recipientPersonId: youth.personId, ...draft },
  ]);
  const row = await waitFor(async () => {
    const [r] = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.id, id!));
    return r && (r.status === 'sent' || r.status === 'failed') ? r : undefined;
  }, 20_000, 'delivery');
  return { row, calls: callsTo(youth.msisdn).slice(before) };
}

describe('Cloud API sending (Graph stand-in)', () => {
  it('text: one call, preview off, label on the first line, WhatsApp markup', async () => {
    const youth = await youthWrites();
    const { row, calls } = await sendDraft(youth, { text: '**Bravo** pour ta candidature !\n- relance dans 8 jours' });
    expect(row.status).toBe('sent');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ messaging_product: 'whatsapp', to: youth.msisdn, type: 'text', text: { preview_url: false } });
    expect(calls[0]!.body.text.body).toBe(`${LABEL}\n\n*Bravo* pour ta candidature !\n• relance dans 8 jours`);
    expect(row.platformMessageId).toMatch(/^wamid\./);
  });

  it('actions become reply buttons (ids kept, titles ≤ 20 characters)', async () => {
    const youth = await youthWrites();
    const { calls } = await sendDraft(youth, {
      text: 'Voici ma réponse.',
      actions: [
        { id: 'feedback:up', title: '👍' },
        { id: 'feedback:down', title: '👎' },
        { id: 'human', title: 'Parler à un humain de NQT tout de suite' },
      ],
    });
    expect(calls).toHaveLength(1);
    const i = calls[0]!.body.interactive;
    expect(calls[0]!.body.type).toBe('interactive');
    expect(i.type).toBe('button');
    expect(i.body.text.startsWith(LABEL)).toBe(true);
    expect(i.action.buttons.map((b: any) => b.reply.id)).toEqual(['feedback:up', 'feedback:down', 'human']);
    for (const b of i.action.buttons) expect([...b.reply.title].length).toBeLessThanOrEqual(20);
  });

  it('long text is split at sentence boundaries into parts ≤ 4096, label on the first, buttons on the last', async () => {
    const youth = await youthWrites();
    const sentences = Array.from({ length: 160 }, (_, i) => `Étape ${i} : note ce que tu as appris de chaque entretien.`);
    const { row, calls } = await sendDraft(youth, { text: sentences.join(' '), actions: [{ id: 'feedback:up', title: '👍' }, { id: 'feedback:down', title: '👎' }] });
    expect(row.status).toBe('sent');
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const bodies = calls.map((c) => c.body.text?.body ?? c.body.interactive?.body?.text) as string[];
    expect(bodies[0]!.startsWith(LABEL)).toBe(true);
    for (const b of bodies) expect(b.length).toBeLessThanOrEqual(4096);
    expect(calls.at(-1)!.body.type).toBe('interactive');
    expect(bodies.at(-1)!.length).toBeLessThanOrEqual(1024);
    for (const b of bodies.slice(0, -1)) expect(b).toMatch(/\.$/);
    expect(bodies.join(' ')).toContain('Étape 159');
    expect(row.platformMessageId).toBe(calls[0]!.response.messages[0].id);
  });

  it('429 (code 130429, Retry-After) then success: sent once, after waiting', async () => {
    const youth = await youthWrites();
    script.set(youth.msisdn, [{ status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit hit', type: 'OAuthException', code: 130429 } } }]);
    const started = Date.now();
    const { row, calls } = await sendDraft(youth, { text: 'Réponse après une limite de débit.' });
    expect(row.status).toBe('sent');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a transient failure on part 2 is retried without sending part 1 again', async () => {
    const youth = await youthWrites();
    const text = Array.from({ length: 150 }, (_, i) => `Point ${i} : garde confiance en toi.`).join(' ');
    script.set(youth.msisdn, [{ status: 200, body: { messages: [{ id: 'wamid.partone' + Date.now() }] } }, { status: 500, body: { error: { code: 131000, message: 'Something went wrong' } } }]);
    const { row, calls } = await sendDraft(youth, { text });
    expect(row.status).toBe('sent');
    const sentBodies = calls.filter(ok).map((c) => c.body.text.body as string);
    expect(sentBodies.filter((b) => b.startsWith(LABEL))).toHaveLength(1);
    expect(new Set(sentBodies).size).toBe(sentBodies.length);
    expect(row.platformMessageId).toMatch(/^wamid\.partone/);
  });

  it('outside the 24 h window: the approved template, label first, one line', async () => {
    const youth = await youthWrites();
    await runtime.db.update(conversations).set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(conversations.personId, youth.personId));
    const { row, calls } = await sendDraft(youth, { kind: 'notice', text: 'Ton mentor a répondu.\nPasse me voir !' });
    expect(row.status).toBe('sent');
    expect(calls).toHaveLength(1);
    const t = calls[0]!.body.template;
    expect(calls[0]!.body.type).toBe('template');
    expect(t.name).toBe('maia_reprise');
    expect(t.language.code).toBe('fr');
    const param = t.components[0].parameters[0].text as string;
    expect(param.startsWith(LABEL)).toBe(true);
    expect(param).not.toMatch(/\n/);
  });

  it('131026 (undeliverable) → failed for good, not retried', async () => {
    const youth = await youthWrites();
    script.set(youth.msisdn, [{ status: 400, body: { error: { message: 'Message undeliverable', code: 131026 } } }]);
    const { row, calls } = await sendDraft(youth, { text: 'Ce message ne passera pas.' });
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/131026/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(callsTo(youth.msisdn).filter((c) => c.status === 400)).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });
});

describe('typing indicator', () => {
  it('marks the youth\'s last message read with the typing indicator', async () => {
    const youth = await youthWrites();
    await channel.adapter.typing!(`+${youth.msisdn}`);
    const call = graph.calls.find((c) => c.body.message_id === youth.wamid);
    expect(call?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: youth.wamid, typing_indicator: { type: 'text' } });
  });
});

describe('who MAIA may write to', () => {
  const sealed = (to: string) =>
    seal({ id: crypto.randomUUID(), channel: 'whatsapp', to, kind: 'notice', text: `${LABEL}\n\nBonjour`, label: LABEL, body: 'Bonjour', author: 'ai' });

  it('refuses a number that never wrote and was not registered by NQT, without calling Meta', async () => {
    const msisdn = randomMsisdn();
    const err = await channel.adapter.send(sealed(`+${msisdn}`)).catch((e: unknown) => e);
    expect(isAppError(err, 'DELIVERY_REJECTED')).toBe(true);
    expect(callsTo(msisdn)).toHaveLength(0);
  });

  it('writes to a youth registered by NQT who never wrote (template, outside any window)', async () => {
    const msisdn = randomMsisdn();
    const [p] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: p!.id, channel: 'whatsapp', kind: 'phone', value: `+${msisdn}` });
    const result = await channel.adapter.send(sealed(`+${msisdn}`));
    expect(result.platformMessageId).toMatch(/^wamid\./);
    expect(callsTo(msisdn)[0]!.body.type).toBe('template');
  });

  it('without a template configured, outside the window is refused', async () => {
    const msisdn = randomMsisdn();
    const [p] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: p!.id, channel: 'whatsapp', kind: 'phone', value: `+${msisdn}` });
    const bare = createCloudChannel({ ...runtime.config, WHATSAPP_CLOUD_GRAPH_URL: graph.url }, createLogger('silent'));
    await bare.start(runtime);
    const err = await bare.adapter.send(sealed(`+${msisdn}`)).catch((e: unknown) => e);
    expect(isAppError(err, 'DELIVERY_REJECTED')).toBe(true);
    expect(callsTo(msisdn)).toHaveLength(0);
  });
});
