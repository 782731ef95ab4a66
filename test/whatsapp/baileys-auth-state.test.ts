import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Curve, initAuthCreds, proto, signedKeyPair } from '@whiskeysockets/baileys';
import { hasRegisteredSession, usePostgresAuthState } from '../../adapters/whatsapp-baileys/index.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { waAuthKeys } from '../../src/db/schema.js';
import { Sealer } from '../../src/privacy/crypto.js';
import { testDatabase } from '../helpers/db.js';

let database: Database;
const sealer = new Sealer([{ id: 'k1', key: randomBytes(32) }]);
const session = () => `auth-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  database = openDatabase(await testDatabase('whatsapp'), 4);
});
afterAll(async () => {
  await database?.close();
});

const rows = (s: string) => database.db.select().from(waAuthKeys).where(eq(waAuthKeys.session, s));

describe('Baileys auth state in PostgreSQL', () => {
  it('round-trips real credentials: a restart needs no new scan', async () => {
    const s = session();
    const first = await usePostgresAuthState(database.db, sealer, s);
    expect(first.state.creds.registered).toBe(false);
    const fresh = initAuthCreds();
    const account = proto.ADVSignedDeviceIdentity.create({ details: randomBytes(40), accountSignatureKey: randomBytes(32), accountSignature: randomBytes(64), deviceSignature: randomBytes(64) });
    Object.assign(first.state.creds, fresh, { me: { id: '33700000001:5@s.whatsapp.net', name: 'MAIA' }, account });
    await first.saveCreds();
    expect(await hasRegisteredSession(database.db, sealer, s)).toBe(true);

    const again = await usePostgresAuthState(database.db, sealer, s);
    const c = again.state.creds;
    expect(Buffer.from(c.noiseKey.private).equals(Buffer.from(fresh.noiseKey.private))).toBe(true);
    expect(Buffer.from(c.signedIdentityKey.public).equals(Buffer.from(fresh.signedIdentityKey.public))).toBe(true);
    expect(Buffer.isBuffer(c.signedPreKey.signature)).toBe(true);
    expect(c.signedPreKey.keyId).toBe(fresh.signedPreKey.keyId);
    expect(c.registrationId).toBe(fresh.registrationId);
    expect(c.advSecretKey).toBe(fresh.advSecretKey);
    expect(c.me?.id).toBe('33700000001:5@s.whatsapp.net');
    // As with Baileys' file store, the protobuf account comes back in its JSON form and
    // encodes to the same bytes, which is how Baileys uses it at login.
    const encode = (a: proto.IADVSignedDeviceIdentity) => Buffer.from(proto.ADVSignedDeviceIdentity.encode(a).finish());
    expect(encode(c.account!).equals(encode(account))).toBe(true);
  });

  it('round-trips signal keys of every kind, batched, with deletes', async () => {
    const s = session();
    const { state } = await usePostgresAuthState(database.db, sealer, s);
    const preKey = Curve.generateKeyPair();
    const identity = Curve.generateKeyPair();
    const signed = signedKeyPair(identity, 7);
    const sessionRecord = randomBytes(300);
    const senderKey = randomBytes(120);
    const appStateKey = proto.Message.AppStateSyncKeyData.create({
      keyData: randomBytes(32),
      fingerprint: { rawId: 42, currentIndex: 3, deviceIndexes: [0, 1, 5] },
      timestamp: 1_700_000_000_000,
    });
    await state.keys.set({
      'pre-key': { '1': preKey, '2': signed.keyPair },
      session: { '33612345678.0': sessionRecord },
      'sender-key': { 'group@g.us::33612345678::0': senderKey },
      'app-state-sync-key': { AAAAAQ: appStateKey },
      'lid-mapping': { '33612345678': '123456789012345', '123456789012345_reverse': '33612345678' },
    });
    expect(await rows(s)).toHaveLength(7);

    const got = await state.keys.get('pre-key', ['1', '2', '404']);
    expect(Object.keys(got).sort()).toEqual(['1', '2']);
    expect(Buffer.from(got['1']!.private).equals(Buffer.from(preKey.private))).toBe(true);
    expect(Buffer.from(got['2']!.public).equals(Buffer.from(signed.keyPair.public))).toBe(true);
    expect(Buffer.from((await state.keys.get('session', ['33612345678.0']))['33612345678.0']!).equals(sessionRecord)).toBe(true);
    expect(Buffer.from((await state.keys.get('sender-key', ['group@g.us::33612345678::0']))['group@g.us::33612345678::0']!).equals(senderKey)).toBe(true);
    const app = (await state.keys.get('app-state-sync-key', ['AAAAAQ']))['AAAAAQ']!;
    expect(app).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(app.keyData!).equals(Buffer.from(appStateKey.keyData!))).toBe(true);
    expect(app.fingerprint?.deviceIndexes).toEqual([0, 1, 5]);
    expect((await state.keys.get('lid-mapping', ['33612345678']))['33612345678']).toBe('123456789012345');

    await state.keys.set({ 'pre-key': { '1': null }, session: { '33612345678.0': null } });
    expect(Object.keys(await state.keys.get('pre-key', ['1', '2']))).toEqual(['2']);
    expect(await rows(s)).toHaveLength(5);
  });

  it('values are encrypted at rest: no key material in the raw rows', async () => {
    const s = session();
    const auth = await usePostgresAuthState(database.db, sealer, s);
    const preKey = Curve.generateKeyPair();
    await auth.state.keys.set({ 'pre-key': { '9': preKey } });
    await auth.saveCreds();
    const all = await rows(s);
    const dump = JSON.stringify(all);
    for (const secret of [preKey.private, auth.state.creds.noiseKey.private, auth.state.creds.signedIdentityKey.private]) {
      const b = Buffer.from(secret);
      expect(dump).not.toContain(b.toString('base64'));
      expect(dump).not.toContain(b.toString('hex'));
    }
    expect(dump).not.toContain('"type":"Buffer"');
    for (const row of all) expect(row.value.startsWith('v1.k1.')).toBe(true);
    // And a wrong key cannot read them.
    const other = new Sealer([{ id: 'k1', key: randomBytes(32) }]);
    await expect(usePostgresAuthState(database.db, other, s)).rejects.toThrow();
  });

  it('one keys.set is one transaction: a failing row writes nothing', async () => {
    const s = session();
    const { state } = await usePostgresAuthState(database.db, sealer, s);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(state.keys.set({ 'pre-key': { '1': Curve.generateKeyPair() }, session: { bad: circular as never } })).rejects.toThrow();
    expect(await rows(s)).toHaveLength(0);
  });

  it('clear() forgets the session', async () => {
    const s = session();
    const auth = await usePostgresAuthState(database.db, sealer, s);
    await auth.saveCreds();
    await auth.state.keys.set({ 'pre-key': { '1': Curve.generateKeyPair() } });
    await auth.clear();
    expect(await rows(s)).toHaveLength(0);
    expect(await database.db.select().from(waAuthKeys).where(and(eq(waAuthKeys.session, s), eq(waAuthKeys.key, 'creds')))).toHaveLength(0);
  });
});
