import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { Db } from '../../src/db/client.js';
import { waAuthKeys } from '../../src/db/schema.js';
import type { Sealer } from '../../src/privacy/crypto.js';

const CREDS_KEY = 'creds';
// PostgreSQL accepts 65,535 bind parameters per statement; 4 per row leaves ample room.
const ROWS_PER_STATEMENT = 1000;

export interface PostgresAuthState {
  state: AuthenticationState;
  /** Persists `state.creds` (called on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** Forgets the session (after a logout): the next start needs a new pairing. */
  clear(): Promise<void>;
}

/**
 * Baileys' auth state in PostgreSQL, modelled on `useMultiFileAuthState`: one row per key
 * (`creds`, `pre-key-12`, `session-33…`), the value serialised with `BufferJSON` and sealed
 * (AES-256-GCM) before it is written, because these keys let anyone impersonate the number.
 * Each `keys.set` is one transaction: one upsert statement and one delete statement.
 */
export async function usePostgresAuthState(db: Db, sealer: Sealer, session: string): Promise<PostgresAuthState> {
  const read = async (keys: string[]): Promise<Map<string, unknown>> => {
    const out = new Map<string, unknown>();
    if (keys.length === 0) return out;
    const rows = await db
      .select({ key: waAuthKeys.key, value: waAuthKeys.value })
      .from(waAuthKeys)
      .where(and(eq(waAuthKeys.session, session), inArray(waAuthKeys.key, keys)));
    for (const row of rows) out.set(row.key, JSON.parse(sealer.open(row.value), BufferJSON.reviver));
    return out;
  };

  const encode = (value: unknown) => sealer.seal(JSON.stringify(value, BufferJSON.replacer));

  const creds: AuthenticationCreds = ((await read([CREDS_KEY])).get(CREDS_KEY) as AuthenticationCreds | undefined) ?? initAuthCreds();

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await read(ids.map((id) => `${type}-${id}`));
      const data: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        let value = found.get(`${type}-${id}`);
        if (value === undefined) continue;
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        data[id] = value as SignalDataTypeMap[T];
      }
      return data;
    },
    async set(data: SignalDataSet) {
      const upserts: { session: string; key: string; value: string; updatedAt: Date }[] = [];
      const deletes: string[] = [];
      const now = new Date();
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          const key = `${type}-${id}`;
          if (value === null || value === undefined) deletes.push(key);
          else upserts.push({ session, key, value: encode(value), updatedAt: now });
        }
      }
      if (upserts.length === 0 && deletes.length === 0) return;
      await db.transaction(async (tx) => {
        for (let i = 0; i < upserts.length; i += ROWS_PER_STATEMENT) {
          await tx
            .insert(waAuthKeys)
            .values(upserts.slice(i, i + ROWS_PER_STATEMENT))
            .onConflictDoUpdate({ target: [waAuthKeys.session, waAuthKeys.key], set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } });
        }
        for (let i = 0; i < deletes.length; i += ROWS_PER_STATEMENT) {
          await tx.delete(waAuthKeys).where(and(eq(waAuthKeys.session, session), inArray(waAuthKeys.key, deletes.slice(i, i + ROWS_PER_STATEMENT))));
        }
      });
    },
    async clear() {
      await db.delete(waAuthKeys).where(and(eq(waAuthKeys.session, session), sql`${waAuthKeys.key} <> ${CREDS_KEY}`));
    },
  };

  return {
    state: { creds, keys },
    async saveCreds() {
      await db
        .insert(waAuthKeys)
        .values({ session, key: CREDS_KEY, value: encode(creds), updatedAt: new Date() })
        .onConflictDoUpdate({ target: [waAuthKeys.session, waAuthKeys.key], set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } });
    },
    async clear() {
      await db.delete(waAuthKeys).where(eq(waAuthKeys.session, session));
    },
  };
}

/** Whether a paired (registered) session exists, without loading the keys. */
export async function hasRegisteredSession(db: Db, sealer: Sealer, session: string): Promise<boolean> {
  const [row] = await db
    .select({ value: waAuthKeys.value })
    .from(waAuthKeys)
    .where(and(eq(waAuthKeys.session, session), eq(waAuthKeys.key, CREDS_KEY)));
  if (!row) return false;
  const creds = JSON.parse(sealer.open(row.value), BufferJSON.reviver) as Partial<AuthenticationCreds>;
  // Multi-device pairing sets `me` and `account`; `registered` stays false for linked devices.
  return Boolean(creds.me?.id && creds.account);
}
