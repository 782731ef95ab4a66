import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { createCloudChannel, signBody } from '../../adapters/whatsapp-cloud/index.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createRuntime, type Runtime } from '../../src/runtime/index.js';
import { connected, harness, seedSession, uniqueSession } from './baileys-harness.js';
import { textFrom } from './baileys-wire.js';
import { CLOUD_ENV, cloudFixture, graphStandIn, randomId, randomMsisdn, testConfig, waitFor } from './support.js';

// Everything both channels log at debug level, in one buffer.
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});
const log = createLogger('debug', sink);
let runtime: Runtime;
let graph: Awaited<ReturnType<typeof graphStandIn>>;

beforeAll(async () => {
  graph = await graphStandIn();
  const config = await testConfig({ ...CLOUD_ENV, WHATSAPP_CLOUD_GRAPH_URL: graph.url, LOG_LEVEL: 'debug' });
  const cloud = createCloudChannel(config, log);
  runtime = await createRuntime({ config, log, adapters: { whatsapp: cloud.adapter } });
  await runtime.startWorkers();
  await cloud.start(runtime);
  const app = await buildApp({ runtime, plugins: [{ plugin: cloud.plugin }] });
  (globalThis as { __app?: typeof app }).__app = app;
});

afterAll(async () => {
  await (globalThis as { __app?: { close(): Promise<void> } }).__app?.close();
  await runtime?.close();
  await graph?.close();
});

describe('logs never carry a phone number, a name or a message body', () => {
  it('Cloud API: accepted, refused, malformed and failed traffic', async () => {
    const app = (globalThis as { __app?: Awaited<ReturnType<typeof buildApp>> }).__app!;
    const msisdn = randomMsisdn();
    const post = (payload: string, sig = signBody(payload, CLOUD_ENV.WHATSAPP_CLOUD_APP_SECRET)) =>
      app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, payload });
    const body = JSON.parse(cloudFixture('text', { FROM: msisdn, WAMID: randomId() }));
    body.entry[0].changes[0].value.messages.push({ id: randomId(), from: msisdn, type: 'reaction', reaction: { emoji: '👍' } });
    await post(JSON.stringify(body));
    await post(cloudFixture('text', { FROM: msisdn, WAMID: randomId() }), 'sha256=' + '0'.repeat(64));
    await waitFor(() => graph.calls.some((c) => c.body.to === msisdn), 15_000, 'reply');
    await post(cloudFixture('status-failed', { FROM: msisdn, WAMID: graph.calls.find((c) => c.body.to === msisdn)!.response.messages[0].id }));
    const out = lines.join('');
    expect(out).toMatch(/webhook item skipped/);
    expect(out).toMatch(/webhook signature refused/);
    expect(out).not.toContain(msisdn.slice(2));
    expect(out).not.toContain('Inès');
    expect(out).not.toContain('préparer un entretien');
  });

  it('Baileys: messages, LIDs and a logout', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = harness(runtime.config, session, {}, log);
    const sock = await connected(runtime, h);
    const msisdn = randomMsisdn();
    sock.upsert([textFrom(`${msisdn}@s.whatsapp.net`, 'Mon numéro secret est ici', {}, { remoteJidAlt: '98765432101234@lid' })]);
    await h.channel.idle();
    sock.close(DisconnectReason.loggedOut);
    await waitFor(() => h.channel.state() === 'logged-out', 3000, 'logged out');
    await h.channel.stop();
    const out = lines.join('');
    expect(out).toMatch(/WhatsApp connection closed/);
    expect(out).toMatch(/WhatsApp operator alert/);
    expect(out).not.toContain(msisdn.slice(2));
    expect(out).not.toContain('98765432101234');
    expect(out).not.toContain('Mon numéro secret');
  });
});
