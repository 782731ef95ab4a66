import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { hasRegisteredSession } from '../../adapters/whatsapp-baileys/index.js';
import { ChannelHealth } from '../../adapters/whatsapp-baileys/health.js';
import type { Config } from '../../src/config/index.js';
import { identities, persons, waAuthKeys } from '../../src/db/schema.js';
import { registry } from '../../src/http/metrics.js';
import { createLogger } from '../../src/log.js';
import { seal } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { connected, harness, seedSession, uniqueSession, type Harness } from './baileys-harness.js';
import { randomMsisdn, testConfig, testRuntime, waitFor } from './support.js';

let config: Config;
let runtime: Runtime;
const started: Harness[] = [];

beforeAll(async () => {
  config = await testConfig();
  runtime = await testRuntime(config, {}, false);
});
afterEach(async () => {
  for (const h of started.splice(0)) await h.channel.stop();
});
afterAll(async () => {
  await runtime?.close();
});

function track(h: Harness): Harness {
  started.push(h);
  return h;
}
const leaseOf = (session: string) => runtime.redis.get(`${config.QUEUE_PREFIX}:wa:lease:${session}`);

describe('Baileys socket lifecycle', () => {
  it('no paired session: operator told to pair, no socket, lease left free for the pair command', async () => {
    const session = uniqueSession();
    const h = track(harness(config, session));
    await h.channel.start(runtime);
    await waitFor(() => h.channel.state() === 'unpaired', 3000, 'unpaired');
    expect(h.sockets).toHaveLength(0);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatch(/maia whatsapp pair/);
    expect(await leaseOf(session)).toBeNull();
    expect((await h.channel.readiness.check()).ok).toBe(false);
    // Sends fail fast (retryable) instead of waiting for a holder that does not exist.
    const msisdn = randomMsisdn();
    const [p] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: p!.id, channel: 'whatsapp', kind: 'phone', value: `+${msisdn}` });
    const label = runtime.config.AI_DISCLOSURE;
    const t0 = Date.now();
    const err = await h.channel.adapter
      .send(seal({ id: crypto.randomUUID(), channel: 'whatsapp', to: `+${msisdn}`, kind: 'notice', text: `${label}\n\nx`, label, body: 'x', author: 'ai' }))
      .catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(/no process holds/);
    expect(Date.now() - t0).toBeLessThan(1000);
    // Pairing done elsewhere: the channel connects by itself, without a second alert.
    await seedSession(runtime, session);
    await waitFor(() => h.sockets[0], 3000, 'socket after pairing');
    expect(h.alerts).toHaveLength(1);
  });

  it('restartRequired (515) after pairing: reconnects at once', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = track(harness(config, session, { tuning: { baseBackoffMs: 5000, pollMs: 50 } }));
    const first = await connected(runtime, h);
    const t0 = Date.now();
    first.close(DisconnectReason.restartRequired);
    const second = await waitFor(() => h.sockets[1], 1000, 'second socket');
    expect(Date.now() - t0).toBeLessThan(500);
    second.open();
    await waitFor(() => h.channel.state() === 'open', 1000, 'open again');
  });

  it('a transient close reconnects with backoff; /readyz stays green during a short outage', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = track(harness(config, session));
    const first = await connected(runtime, h);
    expect((await h.channel.readiness.check())).toMatchObject({ ok: true, detail: { state: 'open', holder: true } });
    first.close(DisconnectReason.connectionLost);
    expect((await h.channel.readiness.check()).ok).toBe(true);
    const second = await waitFor(() => h.sockets[1], 3000, 'reconnection');
    first.open(); // a late event from the old socket is ignored
    expect(h.channel.state()).toBe('connecting');
    second.close(DisconnectReason.connectionClosed);
    await waitFor(() => h.sockets[2], 3000, 'second reconnection');
    h.sockets[2]!.open();
    await waitFor(() => h.channel.state() === 'open', 1000, 'open');
  });

  it('loggedOut (401): session wiped, operator alerted, no reconnection until a new pairing', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = track(harness(config, session));
    const sock = await connected(runtime, h);
    sock.close(DisconnectReason.loggedOut);
    await waitFor(() => h.channel.state() === 'logged-out', 3000, 'logged-out');
    await waitFor(async () => (await runtime.db.select().from(waAuthKeys).where(eq(waAuthKeys.session, session))).length === 0, 3000, 'auth cleared');
    expect(h.alerts.some((a) => /déconnecté/.test(a) && /maia whatsapp pair/.test(a))).toBe(true);
    await sleep(300);
    expect(h.sockets).toHaveLength(1);
    expect(await leaseOf(session)).toBeNull();
    await seedSession(runtime, session);
    await waitFor(() => h.sockets[1], 3000, 'socket after re-pairing');
  });

  it('connectionReplaced (440) in a loop: detected, operator alerted once, reconnections slowed', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = track(harness(config, session));
    await connected(runtime, h);
    for (let i = 0; i < 3; i++) {
      h.socket().close(DisconnectReason.connectionReplaced);
      if (i < 2) {
        await waitFor(() => h.sockets[i + 1], 3000, `reconnection ${i + 1}`);
        h.socket().open();
        await waitFor(() => h.channel.state() === 'open', 1000, 'open');
      }
    }
    await sleep(400);
    expect(h.sockets).toHaveLength(3); // the third replacement waits replacedBackoffMs (60 s)
    expect(h.alerts.filter((a) => /remplacée 3 fois/.test(a))).toHaveLength(1);
  });

  it('two processes: one holds the socket, the other stands by, sends through the relay, and takes over on stop', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const a = track(harness(config, session));
    const b = track(harness(config, session));
    const sockA = await connected(runtime, a);
    await b.channel.start(runtime);
    await waitFor(() => b.channel.state() === 'standby', 2000, 'standby');
    expect(b.sockets).toHaveLength(0);
    expect((await b.channel.readiness.check())).toMatchObject({ ok: true, detail: { state: 'standby', holder: false } });

    const msisdn = randomMsisdn();
    const [p] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: p!.id, channel: 'whatsapp', kind: 'phone', value: `+${msisdn}` });
    const label = runtime.config.AI_DISCLOSURE;
    const message = seal({ id: crypto.randomUUID(), channel: 'whatsapp', to: `+${msisdn}`, kind: 'notice', text: `${label}\n\nRelais`, label, body: 'Relais', author: 'ai' });
    const result = await b.channel.adapter.send(message);
    expect(sockA.sent.filter((s) => s.jid === `${msisdn}@s.whatsapp.net`).map((s) => s.id)).toEqual([result.platformMessageId]);

    await a.channel.stop();
    expect(sockA.ended).toBe(true);
    const sockB = await waitFor(() => b.sockets[0], 3000, 'takeover');
    sockB.open();
    await waitFor(() => b.channel.state() === 'open', 1000, 'B open');
  });

  it('losing the lease closes the socket at once', async () => {
    const session = uniqueSession();
    await seedSession(runtime, session);
    const h = track(harness(config, session, { tuning: { leaseTtlMs: 600, pollMs: 50 } }));
    const sock = await connected(runtime, h);
    await runtime.redis.set(`${config.QUEUE_PREFIX}:wa:lease:${session}`, 'another-process', 'PX', 10_000);
    await waitFor(() => sock.ended, 3000, 'socket closed');
    await waitFor(() => h.channel.state() === 'standby', 1000, 'standby');
  });

  it('pair(): QR code and French steps, then the session is saved and usable', async () => {
    const session = uniqueSession();
    const lines: string[] = [];
    const h = harness(config, session);
    const pairing = h.channel.pair({ print: (l) => lines.push(l), timeoutMs: 5000 });
    const first = await waitFor(() => h.sockets[0], 3000, 'pairing socket');
    first.ev.emit('connection.update', { qr: '2@abcdefghijklmnopqrstuvwxyz0123456789,ABCDEFGH,IJKLMNOP,QRSTUVWX' });
    // The phone scans: WhatsApp sends the identity, Baileys updates creds and asks for a restart.
    const creds = h.inputs[0]!.auth.creds;
    creds.me = { id: '33755501234:7@s.whatsapp.net', name: 'MAIA' };
    creds.account = { details: new Uint8Array([1]), accountSignatureKey: new Uint8Array(32), accountSignature: new Uint8Array(64), deviceSignature: new Uint8Array(64) };
    first.ev.emit('creds.update', { me: creds.me });
    first.close(DisconnectReason.restartRequired);
    const second = await waitFor(() => h.sockets[1], 3000, 'restart after pairing');
    second.open();
    const result = await pairing;
    expect(result).toEqual({ ok: true, outcome: 'paired' });
    const out = lines.join('\n');
    expect(out).toMatch(/Appareils connectés/);
    expect(out).toMatch(/Scannez le QR code/);
    expect(out).toMatch(/▄|█/); // the QR code itself
    expect(out).toMatch(/\+337•+34/);
    expect(out).not.toContain('33755501234');
    expect(await hasRegisteredSession(runtime.db, runtime.sealer, session)).toBe(true);
    expect(await leaseOf(session)).toBeNull();
    const again = await h.channel.pair({ print: (l) => lines.push(l) });
    expect(again.outcome).toBe('already-paired');
  });

  it('pair({phoneNumber}): asks WhatsApp for a pairing code and shows it', async () => {
    const h = harness(config, uniqueSession());
    const lines: string[] = [];
    const pairing = h.channel.pair({ phoneNumber: '+33 7 55 50 12 34', print: (l) => lines.push(l), timeoutMs: 800 });
    const first = await waitFor(() => h.sockets[0], 3000, 'socket');
    first.ev.emit('connection.update', { qr: 'ignored-when-pairing-by-code' });
    await waitFor(() => lines.some((l) => l.includes('ABCD-1234')), 2000, 'pairing code shown');
    expect(lines.join('\n')).toMatch(/Connecter avec le numéro de téléphone/);
    expect(await pairing).toEqual({ ok: false, outcome: 'timeout' });
    expect(lines.join('\n')).toMatch(/Pas de confirmation du téléphone/);
  });
});

describe('health: readiness, gauges, operator alerts', () => {
  it('alerts once when down for long, once when silent for long, and says when it recovers', async () => {
    let now = 1_000_000;
    const alerts: string[] = [];
    const health = new ChannelHealth({ session: 'unit', silenceAlertMinutes: 180, downAlertMinutes: 10, onOperatorAlert: (t) => void alerts.push(t), log: createLogger('silent'), now: () => now });
    health.set('connecting');
    health.set('open');
    now += 179 * 60_000;
    await health.check();
    expect(alerts).toEqual([]);
    now += 2 * 60_000;
    await health.check();
    await health.check();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/aucun message reçu depuis 181 min/);
    health.messageSeen(now);
    now += 60 * 60_000;
    await health.check();
    expect(alerts).toHaveLength(1);

    health.set('closed');
    now += 5 * 60_000;
    await health.check();
    expect(alerts).toHaveLength(1);
    expect((await health.readiness().check()).ok).toBe(false); // beyond the 2 min grace
    now += 6 * 60_000;
    await health.check();
    await health.check();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatch(/coupée depuis 11 min/);
    health.set('open');
    expect(alerts.at(-1)).toMatch(/rétablie/);
    expect((await health.readiness().check()).ok).toBe(true);
  });

  it('exposes gauges in the shared Prometheus registry', async () => {
    const health = new ChannelHealth({ session: 'gauges', silenceAlertMinutes: 180, log: createLogger('silent') });
    health.set('open');
    health.messageSeen(1_700_000_000_000);
    const text = await registry.metrics();
    expect(text).toMatch(/maia_whatsapp_socket_up\{session="gauges"\} 1/);
    expect(text).toMatch(/maia_whatsapp_last_message_seconds\{session="gauges"\} 1700000000/);
    health.set('closed');
    expect(await registry.metrics()).toMatch(/maia_whatsapp_socket_up\{session="gauges"\} 0/);
  });
});
