import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, inArray } from 'drizzle-orm';
import { proto } from '@whiskeysockets/baileys';
import { identities, outboundMessages, persons } from '../../src/db/schema.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import { isAppError } from '../../src/errors.js';
import { seal } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { connected, harness, inboundRow, seedSession, uniqueSession, type Harness } from './baileys-harness.js';
import { textFrom, waId, wire, type FakeSocket } from './baileys-wire.js';
import { randomMsisdn, testConfig, testRuntime, waitFor } from './support.js';
import { turnsDrained } from '../helpers/runtime.js';

const LABEL = "🤖 MAIA · service assisté par l'IA de NQT";
let runtime: Runtime;
let h: Harness;
let sock: FakeSocket;
const transcribed: { bytes: number; mime: string }[] = [];
const received: InboundMessage[] = [];

beforeAll(async () => {
  const config = await testConfig();
  const session = uniqueSession();
  h = harness(config, session, {
    transcribe: async (audio, mime) => {
      transcribed.push({ bytes: audio.length, mime });
      return 'comment faire un CV ?';
    },
    downloadMedia: async () => Buffer.from('OggS-fake-opus'),
  });
  runtime = await testRuntime(config, { whatsapp: h.channel.adapter });
  // Record exactly what the engine is handed.
  const receive = runtime.engine.receive.bind(runtime.engine);
  runtime.engine.receive = (inbound: InboundMessage, opts?: { inboxId?: string }) => {
    received.push(inbound);
    return receive(inbound, opts);
  };
  await seedSession(runtime, session);
  sock = await connected(runtime, h);
});

afterAll(async () => {
  await h?.channel.stop();
  await runtime?.close();
});

const jidOf = (msisdn: string) => `${msisdn}@s.whatsapp.net`;
const sentTo = (msisdn: string) => sock.sent.filter((s) => s.jid === jidOf(msisdn));
const now = () => Math.floor(Date.now() / 1000);
const from = (msisdn: string, message: proto.IMessage, keyExtras: Record<string, string> = {}, id = waId()) =>
  wire({ key: { remoteJid: jidOf(msisdn), fromMe: false, id }, messageTimestamp: now(), pushName: 'Inès', message }, keyExtras);

describe('inbound: messages.upsert → engine', () => {
  it.each<[string, proto.IMessage, string, Partial<InboundMessage>]>([
    ['conversation', { conversation: 'Bonjour, je cherche un stage' }, 'text', { text: 'Bonjour, je cherche un stage' }],
    ['extendedTextMessage', { extendedTextMessage: { text: 'Et la lettre ?', contextInfo: { stanzaId: 'Q1' } } }, 'text', { text: 'Et la lettre ?', replyToMessageId: 'Q1' }],
    ['buttonsResponseMessage', { buttonsResponseMessage: { selectedButtonId: 'consent:yes', selectedDisplayText: 'Oui' } }, 'button', { action: { id: 'consent:yes' } }],
    ['templateButtonReplyMessage', { templateButtonReplyMessage: { selectedId: 'consent:no', selectedDisplayText: 'Non' } }, 'button', { action: { id: 'consent:no' } }],
    ['listResponseMessage', { listResponseMessage: { title: 'CV', singleSelectReply: { selectedRowId: 'topic:cv' } } }, 'button', { action: { id: 'topic:cv' } }],
    [
      'interactiveResponseMessage',
      { interactiveResponseMessage: { body: { text: '👍' }, nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"feedback:up"}' } } },
      'button',
      { action: { id: 'feedback:up' } },
    ],
    ['imageMessage', { imageMessage: { caption: 'mon CV' } }, 'media', { text: 'mon CV' }],
    ['videoMessage', { videoMessage: { caption: 'ma vidéo' } }, 'media', { text: 'ma vidéo' }],
    ['documentMessage', { documentMessage: { caption: 'cv.pdf', fileName: 'cv.pdf' } }, 'media', { text: 'cv.pdf' }],
    ['stickerMessage', { stickerMessage: { mimetype: 'image/webp' } }, 'sticker', {}],
    ['reactionMessage', { reactionMessage: { key: { id: 'X1', fromMe: true }, text: '👍' } }, 'reaction', { reaction: { emoji: '👍', targetMessageId: 'X1' } }],
    ['locationMessage', { locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }, 'location', {}],
    ['contactMessage', { contactMessage: { displayName: 'Karim' } }, 'contact', { text: 'Karim' }],
    ['viewOnceMessageV2', { viewOnceMessageV2: { message: { imageMessage: { caption: 'vue unique' } } } }, 'media', { text: 'vue unique' }],
    ['ephemeralMessage', { ephemeralMessage: { message: { conversation: 'éphémère' } } }, 'text', { text: 'éphémère' }],
    ['pollCreationMessage', { pollCreationMessage: { name: '?' } }, 'unsupported', {}],
  ])('%s → the engine gets kind %s; stored; read receipt sent', async (_name, message, kind, expected) => {
    const msisdn = randomMsisdn();
    const m = from(msisdn, message);
    sock.upsert([m]);
    await h.channel.idle();
    await turnsDrained(runtime);
    expect(received.find((r) => r.channelMessageId === m.key.id)).toMatchObject({
      channel: 'whatsapp',
      kind,
      sender: { id: `+${msisdn}`, kind: 'phone', name: 'Inès' },
      conversationKey: `+${msisdn}`,
      ...expected,
    });
    expect((await inboundRow(runtime, m.key.id!))?.kind).toBe(kind);
    expect(sock.read.map((k) => k.id)).toContain(m.key.id);
  });

  it('edits and deletions: the edit is a new message with a derived id; a revoke is stored as deleted', async () => {
    const msisdn = randomMsisdn();
    const original = from(msisdn, { conversation: 'texte avec une faute' });
    const edit = from(msisdn, {
      editedMessage: { message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, key: { id: original.key.id }, editedMessage: { conversation: 'texte corrigé' } } } },
    });
    const revoke = from(msisdn, { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: original.key.id } } });
    sock.upsert([original]);
    sock.upsert([edit]);
    sock.upsert([revoke]);
    await h.channel.idle();
    await turnsDrained(runtime);
    const editRow = await inboundRow(runtime, `${original.key.id}:edit:${edit.key.id}`);
    expect(editRow?.kind).toBe('text');
    expect(runtime.sealer.open(editRow!.body!)).toBe('texte corrigé');
    expect((await inboundRow(runtime, revoke.key.id!))?.kind).toBe('deleted');
  });

  it('ignored: our own messages, groups, status, newsletters, protocol chatter', async () => {
    const msisdn = randomMsisdn();
    const ignored = [
      wire({ key: { remoteJid: jidOf(msisdn), fromMe: true, id: waId() }, messageTimestamp: now(), message: { conversation: 'moi' } }),
      wire({ key: { remoteJid: '120363025246125888@g.us', participant: jidOf(msisdn), id: waId() }, messageTimestamp: now(), message: { conversation: 'groupe' } }),
      wire({ key: { remoteJid: 'status@broadcast', participant: jidOf(msisdn), id: waId() }, messageTimestamp: now(), message: { conversation: 'statut' } }),
      wire({ key: { remoteJid: '120363144038483540@newsletter', id: waId() }, messageTimestamp: now(), message: { conversation: 'chaîne' } }),
      from(msisdn, { protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING, ephemeralExpiration: 86400 } }),
    ];
    sock.upsert(ignored);
    await h.channel.idle();
    await turnsDrained(runtime);
    for (const m of ignored) expect(await inboundRow(runtime, m.key.id!)).toBeUndefined();
  });

  it('voice notes are downloaded and transcribed into the text', async () => {
    const m = from(randomMsisdn(), { audioMessage: { ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 4 } });
    sock.upsert([m]);
    await h.channel.idle();
    await turnsDrained(runtime);
    const row = await inboundRow(runtime, m.key.id!);
    expect(row?.kind).toBe('voice');
    expect(runtime.sealer.open(row!.body!)).toBe('comment faire un CV ?');
    expect(transcribed.at(-1)).toEqual({ bytes: 14, mime: 'audio/ogg; codecs=opus' });
  });
});

describe('replies through the socket', () => {
  it('a text gets one reply to the phone JID, AI disclosure first', async () => {
    const msisdn = randomMsisdn();
    const m = textFrom(jidOf(msisdn), 'Comment préparer un entretien ?');
    sock.upsert([m]);
    const [reply] = await waitFor(() => (sentTo(msisdn).length ? sentTo(msisdn) : undefined), 15_000, 'reply');
    expect(reply!.text.split('\n')[0]).toBe(LABEL);
    const [row] = await waitFor(async () => {
      const rows = await runtime.db.select().from(outboundMessages).where(eq(outboundMessages.address, `+${msisdn}`));
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(row!.platformMessageId).toBe(reply!.id);
  });

  it('re-emitted messages (notify twice, append after a reconnect) are answered once', async () => {
    const msisdn = randomMsisdn();
    const m = textFrom(jidOf(msisdn), 'Question posée une seule fois');
    sock.upsert([m]);
    sock.upsert([m]);
    await waitFor(() => sentTo(msisdn).length > 0, 15_000, 'reply');
    sock.upsert([m], 'append');
    await h.channel.idle();
    await turnsDrained(runtime);
    await sleep(1500);
    expect(sentTo(msisdn)).toHaveLength(1);
  });

  it('append: messages older than the last processed one (minus the overlap) are not answered again', async () => {
    const msisdn = randomMsisdn();
    const old = wire({ key: { remoteJid: jidOf(msisdn), fromMe: false, id: waId() }, messageTimestamp: now() - 3 * 3600, message: { conversation: 'vieux' } });
    const missed = wire({ key: { remoteJid: jidOf(msisdn), fromMe: false, id: waId() }, messageTimestamp: now() - 5, message: { conversation: 'manqué pendant la coupure' } });
    sock.upsert([old, missed], 'append');
    await h.channel.idle();
    await turnsDrained(runtime);
    expect(await inboundRow(runtime, old.key.id!)).toBeUndefined();
    expect((await inboundRow(runtime, missed.key.id!))?.kind).toBe('text');
  });

  it('long answers are split under 1,400 characters at sentence ends, label on the first part; a reaction to any part counts for the answer', async () => {
    const msisdn = randomMsisdn();
    sock.upsert([textFrom(jidOf(msisdn), 'Bonjour')]);
    await waitFor(() => sentTo(msisdn).length > 0, 15_000, 'first reply');
    const [person] = await runtime.db.select().from(identities).where(eq(identities.value, `+${msisdn}`));
    const text = Array.from({ length: 80 }, (_, i) => `Conseil ${i} : prends le temps de relire ta candidature.`).join(' ');
    const before = sentTo(msisdn).length;
    await runtime.outbox.send([{ channel: 'whatsapp', to: `+${msisdn}`, kind: 'answer', text, recipientPersonId: person!.personId, actions: [{ id: 'feedback:up', title: '👍' }, { id: 'feedback:down', title: '👎' }] }]);
    const parts = await waitFor(() => {
      const got = sentTo(msisdn).slice(before);
      return got.some((p) => /Réagis avec/.test(p.text)) ? got : undefined;
    }, 15_000, 'the last part');
    await sleep(300);
    const all = sentTo(msisdn).slice(before);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all[0]!.text.startsWith(LABEL)).toBe(true);
    for (const p of all) expect(p.text.length).toBeLessThanOrEqual(1400);
    for (const p of all.slice(0, -1)) expect(p.text).toMatch(/\.$/);
    expect(all.at(-1)!.text).toMatch(/Réagis avec 👍 ou 👎/);
    expect(parts.length).toBe(all.length);
    // 👍 on the last part (where the invitation is) counts for the answer: its first part's id.
    const reaction = from(msisdn, { reactionMessage: { key: { remoteJid: jidOf(msisdn), fromMe: true, id: all.at(-1)!.id }, text: '👍' } });
    sock.upsert([reaction]);
    await h.channel.idle();
    await turnsDrained(runtime);
    expect(received.find((r) => r.channelMessageId === reaction.key.id)?.reaction).toEqual({ emoji: '👍', targetMessageId: all[0]!.id });
  });

  it('LID-only messages are the same person: through identities, then through the socket LID store', async () => {
    const msisdn = randomMsisdn();
    const lid = `${Date.now()}${Math.floor(Math.random() * 1000)}@lid`;
    sock.upsert([textFrom(jidOf(msisdn), 'Premier message', {}, { remoteJidAlt: lid })]);
    await waitFor(() => sentTo(msisdn).length > 0, 15_000, 'first reply');
    const ids = await runtime.db.select().from(identities).where(inArray(identities.value, [`+${msisdn}`, jidOf(msisdn), lid]));
    expect(ids.map((i) => i.kind).sort()).toEqual(['jid', 'lid', 'phone']);
    expect(new Set(ids.map((i) => i.personId)).size).toBe(1);

    const lidOnly = textFrom(lid, 'Deuxième message, adressé par LID');
    sock.upsert([lidOnly]);
    await waitFor(() => sentTo(msisdn).length > 1, 15_000, 'second reply, to the phone JID');
    expect((await inboundRow(runtime, lidOnly.key.id!))?.personId).toBe(ids[0]!.personId);

    // A LID never seen in identities, known to the socket's own LID store.
    const other = randomMsisdn();
    const otherLid = `${Date.now()}${Math.floor(Math.random() * 1000)}9@lid`;
    sock.lidToPn.set(otherLid, `${other}:3@s.whatsapp.net`);
    sock.upsert([textFrom(otherLid, 'Coucou')]);
    await waitFor(() => sentTo(other).length > 0, 15_000, 'reply to the mapped number');
    const mapped = await runtime.db.select().from(identities).where(inArray(identities.value, [`+${other}`, otherLid]));
    expect(mapped).toHaveLength(2);
    expect(new Set(mapped.map((i) => i.personId)).size).toBe(1);
  });

  it('lid-mapping.update records the LID of a known person', async () => {
    const msisdn = randomMsisdn();
    sock.upsert([textFrom(jidOf(msisdn), 'Salut')]);
    await h.channel.idle();
    await turnsDrained(runtime);
    const lid = `${Date.now()}77@lid`;
    sock.ev.emit('lid-mapping.update', { lid, pn: jidOf(msisdn) });
    const rows = await waitFor(async () => {
      const r = await runtime.db.select().from(identities).where(inArray(identities.value, [`+${msisdn}`, lid]));
      return r.length === 2 ? r : undefined;
    }, 5000, 'lid identity');
    expect(new Set(rows.map((r) => r.personId)).size).toBe(1);
  });

  it('typing: "composing" refreshed while preparing, stopped by the answer', async () => {
    const msisdn = randomMsisdn();
    sock.upsert([textFrom(jidOf(msisdn), 'Salut')]);
    await waitFor(() => sentTo(msisdn).length > 0, 15_000, 'reply');
    const jid = jidOf(msisdn);
    await h.channel.adapter.typing!(`+${msisdn}`);
    await sleep(150);
    const composing = sock.presence.filter((p) => p.jid === jid && p.type === 'composing').length;
    expect(composing).toBeGreaterThanOrEqual(3);
    const [person] = await runtime.db.select().from(identities).where(eq(identities.value, `+${msisdn}`));
    await runtime.outbox.send([{ channel: 'whatsapp', to: `+${msisdn}`, kind: 'answer', text: 'Voilà.', recipientPersonId: person!.personId }]);
    await waitFor(() => sentTo(msisdn).length > 1, 15_000, 'answer');
    const after = sock.presence.filter((p) => p.jid === jid).length;
    await sleep(200);
    expect(sock.presence.filter((p) => p.jid === jid).length).toBe(after);
  });

  it('never writes to a number that did not write first and was not registered by NQT', async () => {
    const msisdn = randomMsisdn();
    const message = seal({ id: crypto.randomUUID(), channel: 'whatsapp', to: `+${msisdn}`, kind: 'notice', text: `${LABEL}\n\nBonjour`, label: LABEL, body: 'Bonjour', author: 'ai' });
    const err = await h.channel.adapter.send(message).catch((e: unknown) => e);
    expect(isAppError(err, 'DELIVERY_REJECTED')).toBe(true);
    expect(sentTo(msisdn)).toHaveLength(0);

    // Registered by NQT: allowed, if the number is on WhatsApp.
    const [p] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: p!.id, channel: 'whatsapp', kind: 'phone', value: `+${msisdn}` });
    expect((await h.channel.adapter.send(message)).platformMessageId).toBe(sentTo(msisdn)[0]!.id);
    const ghost = randomMsisdn();
    const [q] = await runtime.db.insert(persons).values({ role: 'youth', registeredBy: 'nqt' }).returning();
    await runtime.db.insert(identities).values({ personId: q!.id, channel: 'whatsapp', kind: 'phone', value: `+${ghost}` });
    sock.notOnWhatsApp.add(jidOf(ghost));
    const notOn = await h.channel.adapter.send(seal({ ...message, id: crypto.randomUUID(), to: `+${ghost}` })).catch((e: unknown) => e);
    expect(isAppError(notOn, 'DELIVERY_REJECTED')).toBe(true);
  });
});
